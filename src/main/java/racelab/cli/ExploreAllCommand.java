package racelab.cli;

import picocli.CommandLine.Command;

/** {@code explore-all SCENE [--json|--markdown]}: {@code explore SCENE --mitigation all}, the mitigation x outcome matrix. */
@Command(name = "explore-all", description = "Explore every mitigation of a ledger scene and print the mitigation x "
        + "outcome matrix.")
final class ExploreAllCommand extends AbstractExploreCommand {

    @Override
    String mitigation() {
        return "all";
    }
}
