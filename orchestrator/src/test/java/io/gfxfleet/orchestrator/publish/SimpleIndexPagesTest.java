package io.gfxfleet.orchestrator.publish;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SimpleIndexPagesTest {
    private static final String SHA = "a".repeat(64);
    private static final String META = "b".repeat(64);

    @Test
    void escapesHtmlSpecials() {
        assertEquals("&lt;a href=&quot;x&quot;&gt; &amp; &#39;", SimpleIndexPages.escape("<a href=\"x\"> & '"));
    }

    @Test
    void projectPageLinkCarriesHashRequiresPythonAndMetadata() {
        IndexLink link = new IndexLink("../../dist/", "rocm_sdk_core-7.10.0.dev0+abc-py3-none-linux_x86_64.whl",
                Optional.of(SHA), Optional.of(">=3.9,<4"), Optional.of(META));
        String page = new String(SimpleIndexPages.projectPage("rocm-sdk-core", List.of(link)), StandardCharsets.UTF_8);
        assertTrue(page.contains("<a href=\"../../dist/rocm_sdk_core-7.10.0.dev0%2Babc-py3-none-linux_x86_64.whl#sha256="
                + SHA + "\""), page);
        assertTrue(page.contains(" data-requires-python=\"&gt;=3.9,&lt;4\""), page);
        assertTrue(page.contains(" data-dist-info-metadata=\"sha256=" + META + "\""), page);
        assertTrue(page.contains(" data-core-metadata=\"sha256=" + META + "\""), page);
        assertTrue(page.contains(">rocm_sdk_core-7.10.0.dev0+abc-py3-none-linux_x86_64.whl</a>"), page);
    }

    @Test
    void linkWithoutKnownsOmitsAttributes() {
        IndexLink link = new IndexLink("", "rocm-7.10.0.tar.gz", Optional.empty(), Optional.empty(), Optional.empty());
        String page = new String(SimpleIndexPages.projectPage("rocm", List.of(link)), StandardCharsets.UTF_8);
        assertTrue(page.contains("<a href=\"rocm-7.10.0.tar.gz\">rocm-7.10.0.tar.gz</a>"), page);
        assertFalse(page.contains("data-"), page);
    }

    @Test
    void rootPageLinksEachProjectFolderSorted() {
        String page = new String(SimpleIndexPages.rootPage(List.of("rocm-sdk-core", "rocm")), StandardCharsets.UTF_8);
        int rocm = page.indexOf("<a href=\"rocm/\">rocm</a>");
        int core = page.indexOf("<a href=\"rocm-sdk-core/\">rocm-sdk-core</a>");
        assertTrue(rocm > 0 && core > rocm, page);
    }

    @Test
    void pagesAreDeterministic() {
        IndexLink a = new IndexLink("", "b-1.0-py3-none-any.whl", Optional.of(SHA), Optional.empty(), Optional.empty());
        IndexLink b = new IndexLink("", "a-1.0-py3-none-any.whl", Optional.of(SHA), Optional.empty(), Optional.empty());
        assertEquals(new String(SimpleIndexPages.flatPage("t", List.of(a, b)), StandardCharsets.UTF_8),
                new String(SimpleIndexPages.flatPage("t", List.of(b, a)), StandardCharsets.UTF_8));
    }
}
