package racelab.logsim.client;

import org.apache.kafka.common.protocol.Errors;
import racelab.logsim.cluster.PartitionState;
import racelab.logsim.model.LogRecord;

/** Send callbacks of a {@link SimProducer}, per record. */
public interface SendListener {

    void acked(PartitionState partition, LogRecord record, long offset);

    void failed(PartitionState partition, LogRecord record, Errors error);
}
