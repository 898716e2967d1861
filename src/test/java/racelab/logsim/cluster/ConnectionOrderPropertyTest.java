package racelab.logsim.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import racelab.logsim.config.LogSettings;
import racelab.logsim.sim.EventQueue;
import racelab.logsim.sim.ManualClock;
import racelab.logsim.sim.Seed;

/**
 * A client connection delivers like TCP whatever happens to its broker: seeded schedules of isolations, kills, power
 * cuts and restarts (overlapping, with link jitter) never make the broker handle a request while an earlier request
 * of the same connection is lost. What arrives is always the first k requests sent, in order. The simulator used to
 * lose a request in a short blip while later ones got through, and called the result F6.
 */
class ConnectionOrderPropertyTest {

    @Test
    void whatABrokerReceivesOnAConnectionIsAlwaysAPrefixOfWhatWasSentInOrder() throws Exception {
        for (long seed = 1; seed <= 60; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            LogSettings settings = LogSettings.of(Map.of("replication.factor", "3", "min.insync.replicas", "2",
                    "sim.network.jitter.ms", String.valueOf(random.nextInt(40))));
            SimContext ctx = new SimContext(new EventQueue(new ManualClock(), 10_000_000L), settings, new Seed(seed), 10_000);
            List<Machine> brokers = new ArrayList<>();
            for (int b = 0; b < 3; b++) {
                brokers.add(new Machine("broker-" + (b + 1), "rack", b));
            }
            Cluster cluster = new Cluster(ctx, brokers);
            Machine client = new Machine("app-1", "rack", -1);
            int broker = random.nextInt(3);
            boolean[] reset = {false};
            Cluster.Connection conn = cluster.connect(client, broker, () -> reset[0] = true);
            List<Integer> received = new ArrayList<>();
            int sent = 60;
            long at = 0;
            for (int i = 0; i < sent; i++) {
                int request = i;
                at += random.nextInt(60);
                ctx.queue.at(at, () -> cluster.sendRequest(conn, () -> received.add(request)));
            }
            StringBuilder schedule = new StringBuilder();
            for (int f = 0; f < 1 + random.nextInt(4); f++) {
                long start = random.nextInt(3_000);
                long length = 1 + random.nextInt(random.nextBoolean() ? 50 : 2_000);
                int kind = random.nextInt(3);
                schedule.append(List.of("isolate", "kill", "power-cut").get(kind)).append('@').append(start)
                        .append('+').append(length).append(' ');
                ctx.queue.at(start, () -> {
                    switch (kind) {
                        case 0 -> cluster.isolate(broker, true);
                        case 1 -> cluster.kill(broker);
                        default -> cluster.powerCut(broker);
                    }
                });
                ctx.queue.at(start + length, () -> {
                    if (kind == 0) {
                        cluster.isolate(broker, false);
                    } else {
                        cluster.restart(broker);
                    }
                });
            }
            ctx.queue.runUntil(20_000);
            List<Integer> prefix = new ArrayList<>();
            for (int i = 0; i < received.size(); i++) {
                prefix.add(i);
            }
            assertThat(received).as("seed %d, broker-%d, %s", seed, broker + 1, schedule).isEqualTo(prefix);
            if (!schedule.toString().contains("kill") && !schedule.toString().contains("power-cut")) {
                assertThat(received).as("seed %d: an isolation only delays, %s", seed, schedule).hasSize(sent);
            }
            if (received.size() < sent && !schedule.toString().contains("isolate")) {
                assertThat(conn.isBroken()).as("seed %d: requests stopped arriving only on a broken connection, %s",
                        seed, schedule).isTrue();
            }
        }
    }
}
