/**
 * The record-level event trace of a log run: what happened to each journal entry, step by step, on the real
 * simulator (issue 14). No JavaFX here; the UI renders these immutable values and moves a cursor over them.
 *
 * <h2>Getting a trace</h2>
 * {@code LogSimulation.runStepped(scene, seed, overrides, cancelled, StepOptions.ALL)} returns a {@link
 * racelab.logsim.trace.SteppedRun}: the ordinary {@code LogRunResult} (audit, forensics, snapshots) and a {@link
 * racelab.logsim.trace.StepTrace}. Recording only reads the simulator's state, so the result equals an unrecorded run
 * of the same scene, seed and settings, and two runs give equal traces.
 *
 * <h2>What a trace holds</h2>
 * <ul>
 *   <li>{@link racelab.logsim.trace.StepEvent}s numbered from 1: a {@link racelab.logsim.trace.StepKind} (send, ack,
 *       leader append, follower fetch, flush or OS writeback, high-watermark advance, consumer poll, store put,
 *       offset committed, transaction marker, checkpoint, fault, restart, election, records lost, restore read), the
 *       lane (client, broker-N, app-N, fault, controller), the partition, the journal entry ids it touched and the
 *       offsets.</li>
 *   <li>Per simulator step, an {@link racelab.logsim.trace.EntryState} for every journal entry (producer buffer,
 *       leader page cache, on disk on k replicas, below the high watermark, applied to the store, in the changelog,
 *       offset committed), read with {@link racelab.logsim.trace.StepTrace#statesAfter(int)}; {@link
 *       racelab.logsim.trace.EntryState#stage()} is the furthest stage for a chip.</li>
 * </ul>
 *
 * <h2>How it is observed</h2>
 * The simulator pushes two things through {@link racelab.logsim.trace.StepObserver} (a producer buffered a record; a
 * notable moment was traced). Everything else is read after each action of the event queue by diffing its state:
 * records appearing in or vanishing from a replica's log, flushed offsets, high watermarks, task positions, store
 * values, committed offsets. Events of one action share a step; a fault can fall only between steps ({@link
 * racelab.logsim.trace.StepEvent#boundary()}, {@link racelab.logsim.trace.StepTrace#faultPositions()}).
 *
 * <h2>Faults by position</h2>
 * A fault with {@code after: N} (scene file; {@code Fault.afterEvent(n, where)} in code) fires right after event N's
 * step, before any other action at that simulated moment. Numbering is stable: the events before N are the same with
 * or without the fault.
 *
 * <h2>Every position, and compare</h2>
 * {@link racelab.logsim.trace.FaultSweep#sweep} runs a fault after every position of the fault-free trace ({@code
 * log-explore}); {@link racelab.logsim.trace.FaultSweep#compare} runs one position as written and at the matching
 * event under the scene's fix ({@link racelab.logsim.trace.StepTrace#matchingPosition}), for the compare page. A UI
 * redoing a run after a drag calls {@code runStepped} with {@code FaultSweep.placed(scene, fault, n)} off the UI
 * thread.
 */
package racelab.logsim.trace;
