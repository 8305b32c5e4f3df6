package io.gfxfleet.orchestrator.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The SQL of one matrix page for a {@link RunFilter}: how many runs match in all, and the keys of
 * the page's runs newest first. Both read runs (or a family's jobs) in the order of an index
 * (runs_created; jobs_family_created, jobs_family_state_created) so that the page query stops at
 * the page size, and a cursor seeks the index to where the previous page ended.
 */
final class RunPageQuery {
    final String countSql;
    final List<Object> countArgs;
    final String idsSql;
    final List<Object> idsArgs;

    RunPageQuery(RunFilter filter) {
        List<Object> args = new ArrayList<>();
        StringBuilder where;
        String orderCols;
        String select;
        String group = "";
        if (filter.family() != null && filter.platform() == null && filter.versionText() == null) {
            // A family (and verdict) alone: the family's jobs in their index, newest first (V17_1's
            // jobs_family_created, V17_4's jobs_family_state_created). A job's created_at is its run's,
            // so this is the runs' order; a run with several jobs of the family (Python versions) is
            // one group. The page and its count read index entries of matching jobs only.
            where = new StringBuilder(" WHERE j.family=?");
            args.add(filter.family());
            if (filter.verdict() != null) {
                where.append(" AND (").append(filter.verdict().condition()).append(")");
            }
            select = "SELECT j.run_pk FROM jobs j";
            group = " GROUP BY j.created_at, j.run_pk";
            orderCols = "j.created_at, j.run_pk";
        } else {
            where = new StringBuilder(" WHERE 1=1");
            if (filter.platform() != null) {
                where.append(" AND r.platform=?");
                args.add(filter.platform());
            }
            if (filter.versionText() != null) {
                // Any part of the version (what the API promises), so no index can find the matches; the
                // page still reads runs newest first through runs_created and stops at the page size.
                // '!' as the LIKE escape: a backslash would mean different things to the two databases.
                where.append(" AND LOWER(r.version) LIKE ? ESCAPE '!'");
                String text = filter.versionText().toLowerCase(Locale.ROOT)
                        .replace("!", "!!").replace("%", "!%").replace("_", "!_");
                args.add("%" + text + "%");
            }
            if (filter.family() != null || filter.verdict() != null) {
                where.append(" AND EXISTS (SELECT 1 FROM jobs j WHERE j.run_pk=r.id");
                if (filter.family() != null) {
                    where.append(" AND j.family=?");
                    args.add(filter.family());
                }
                if (filter.verdict() != null) {
                    where.append(" AND (").append(filter.verdict().condition()).append(")");
                }
                where.append(")");
            }
            select = "SELECT r.id FROM runs r";
            orderCols = "r.created_at, r.id";
        }
        countSql = "SELECT COUNT(*) FROM (" + select + where + group + ") m";
        countArgs = List.copyOf(args);
        List<Object> ids = new ArrayList<>(args);
        String keyset = "";
        if (filter.before() != null) {
            // A row comparison, as GET /runs?before= does: both databases seek the index to the cursor.
            keyset = " AND (" + orderCols + ") < (?, ?)";
            ids.add(filter.before().createdAt().toEpochMilli());
            ids.add(filter.before().runKey());
        }
        String[] cols = orderCols.split(", ");
        idsSql = select + where + keyset + group + " ORDER BY " + cols[0] + " DESC, " + cols[1] + " DESC LIMIT ? OFFSET ?";
        ids.add(filter.limit());
        ids.add(filter.offset());
        idsArgs = List.copyOf(ids);
    }
}
