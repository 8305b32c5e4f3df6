// Validates Kubernetes manifests against the API's JSON schemas bundled in the kubernetes-models
// package (no network, no cluster): node validate-k8s.mjs DIR. Every document must be a kind this
// tool knows; a schema violation or an unknown kind is a finding. Prints "N document(s) checked,
// M finding(s)" and exits 1 on any finding.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";

const dir = process.argv[2];
if (!dir) {
  console.error("usage: node validate-k8s.mjs DIR");
  process.exit(2);
}
const findings = [];
let documents = 0;
for (const file of readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort()) {
  for (const doc of parseAllDocuments(readFileSync(join(dir, file), "utf8"))) {
    if (doc.errors.length) {
      findings.push(`${file}: YAML: ${doc.errors[0].message}`);
      continue;
    }
    const obj = doc.toJS();
    if (obj == null) continue;
    documents++;
    const { apiVersion, kind } = obj;
    const [group, version] = apiVersion?.includes("/") ? apiVersion.split("/") : ["", apiVersion];
    const modulePath = group === "" ? `kubernetes-models/${version}` : `kubernetes-models/${group}/${version}`;
    let Model;
    try {
      Model = (await import(modulePath))[kind];
      if (typeof Model !== "function") throw new Error("no such kind");
    } catch {
      findings.push(`${file}: unknown apiVersion/kind ${apiVersion} ${kind}`);
      continue;
    }
    try {
      new Model(obj).validate();
    } catch (e) {
      findings.push(`${file}: ${kind} ${obj.metadata?.name ?? "?"}: ${e.message}`);
    }
  }
}
for (const f of findings) console.log(f);
console.log(`k8s validate: ${documents} document(s) checked, ${findings.length} finding(s)`);
process.exit(findings.length ? 1 : 0);
