// Validates an OpenAPI document with @apidevtools/swagger-parser (the OpenAPI 3.0 JSON schema
// plus its semantic checks: unique operation ids, path parameters declared, $refs resolved).
//   node validate-openapi.mjs FILE [--paths]
// Prints "FILE: valid OpenAPI <version>, N paths" (with --paths, then "path /x" per path) and exits 0,
// or prints the findings and exits 1.
import SwaggerParser from "@apidevtools/swagger-parser";

const file = process.argv[2];
if (!file) {
  console.error("usage: node validate-openapi.mjs FILE");
  process.exit(2);
}
try {
  const api = await SwaggerParser.validate(file);
  console.log(`${file}: valid OpenAPI ${api.openapi ?? api.swagger}, ${Object.keys(api.paths ?? {}).length} paths`);
  if (process.argv.includes("--paths")) {
    for (const p of Object.keys(api.paths ?? {})) console.log(`path ${p}`);
  }
} catch (e) {
  console.error(`${file}: invalid: ${e.message}`);
  process.exit(1);
}
