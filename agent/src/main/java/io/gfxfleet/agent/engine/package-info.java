/**
 * The gfxfleet JUnit Platform test engine: a job's results as a test tree (job → step → component →
 * test case) so that standard JUnit Platform listeners (result streaming, the legacy JUnit XML
 * report) see a GPU job like any other test run. Test cases are dynamic: they exist once
 * {@code rocm-sdk test} output names them. {@link io.gfxfleet.agent.engine.JobLauncher} is the
 * entry point.
 */
package io.gfxfleet.agent.engine;
