package racelab.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import racelab.ledger.LedgerRun;

/** Temporary: delegates to the run command's JSON writer once the ledger branch provides it. */
final class RunJsonBridge {

    private RunJsonBridge() {
    }

    static ObjectNode runObject(ObjectMapper mapper, LedgerRun run) {
        ObjectNode node = mapper.createObjectNode();
        node.put("scene", run.scene().id());
        node.put("mitigation", run.mitigation());
        node.put("verdict", run.verdict());
        return node;
    }
}
