/**
 * The gfxfleet JUnit Platform test engine, the agent's reporting edge: a job's results as a test
 * tree (job → step → component → test case) so that JUnit Platform listeners (the JUnit XML
 * report) see a GPU job like any other test run. Test cases are dynamic: they exist once
 * {@code rocm-sdk test} output names them. {@link io.gfxfleet.agent.engine.JobLauncher} runs a
 * job's results source through it ({@code agent parse --format junit}); a live job's results reach
 * it through {@link io.gfxfleet.agent.engine.PlatformReport}, one of the sinks the job runner
 * pushes results to (the result streamer, the other, gets them directly).
 */
package io.gfxfleet.agent.engine;
