package racelab.logsim.trace;

import racelab.logsim.result.LogRunResult;

/**
 * One run of a log scene with its record-level trace: the ordinary result (audit, forensics, snapshots) plus the
 * events that led there.
 */
public record SteppedRun(LogRunResult result, StepTrace trace) {
}
