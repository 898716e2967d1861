package racelab.logsim.streams;

import racelab.logsim.client.GroupCoordinator;
import racelab.logsim.client.OffsetStore;
import racelab.logsim.client.TxnCoordinator;
import racelab.logsim.cluster.Cluster;
import racelab.logsim.cluster.SimContext;
import racelab.logsim.forensics.Provenance;

/** The services a stream application instance talks to. */
public record AppServices(SimContext ctx, Cluster cluster, GroupCoordinator group, OffsetStore offsets,
        TxnCoordinator txns, Provenance provenance) {
}
