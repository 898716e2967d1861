package racelab.ledger;

/** {@code naive}: check-then-act at READ COMMITTED, the bug of the seed question. */
final class NaiveMitigation extends CheckThenAct {

    @Override
    public String id() {
        return "naive";
    }

    @Override
    public String title() {
        return "Naive check-then-act (READ COMMITTED)";
    }

    @Override
    public String explanation() {
        return "The service reads the balances with a plain SELECT, checks the rules in Java and then writes. At READ "
                + "COMMITTED a plain read takes no lock and sees only committed data, so two requests can both read "
                + "the same balance, both pass the check and both write: the second write waits for the first's row "
                + "lock, then applies its change on top. Every check was right when it ran; the decision was stale "
                + "by the time it was applied.";
    }

    @Override
    public String tradeOff() {
        return "Fastest and simplest: no extra locks, no retries, nothing blocks except concurrent writers of the same "
                + "row. It is also wrong under concurrency, and the window grows with load and with any latency "
                + "between the check and the write (remote calls, GC pauses).";
    }
}
