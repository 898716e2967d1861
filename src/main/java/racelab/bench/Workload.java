package racelab.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import racelab.scenario.Account;
import racelab.scenario.Constraint;
import racelab.scenario.Transfer;

/**
 * The seeded load: which accounts exist and which transfers each worker sends.
 *
 * <p>Accounts are current accounts ({@code non-negative}, opening at {@code openingBalance}) and, spread evenly
 * among them, loans ({@code non-positive}, opening at {@code -openingBalance}). Amounts are uniform in
 * {@code [1, maxAmount]}; with {@code maxAmount} close to the opening balance the balance rules bite often, so a
 * racy fix shows its violations under load instead of hiding behind rich accounts.
 *
 * <p>Each worker draws from its own generator derived from the seed and its index, so the sequence of requests a
 * worker sends does not depend on thread timing (only how far it gets in a timed run does).
 *
 * @param accountCount number of accounts, at least 2
 * @param hotAccounts size of the hot set for the "x% on k accounts" skew; ignored when {@code zipfExponent > 0}
 * @param hotFraction share of account picks that land on the hot set
 * @param zipfExponent when positive, picks follow Zipf with this exponent instead of the hot set
 * @param loanFraction share of accounts that are loans
 * @param openingBalance opening balance of current accounts, whole currency units
 * @param maxAmount largest transfer amount, whole currency units
 */
public record Workload(
        int accountCount,
        int hotAccounts,
        double hotFraction,
        double zipfExponent,
        double loanFraction,
        long openingBalance,
        long maxAmount,
        long seed) {

    public Workload {
        if (accountCount < 2) {
            throw new IllegalArgumentException("need at least 2 accounts, got " + accountCount);
        }
        if (loanFraction < 0 || loanFraction > 1) {
            throw new IllegalArgumentException("loan fraction must be between 0 and 1");
        }
        if (openingBalance < 1 || maxAmount < 1) {
            throw new IllegalArgumentException("opening balance and max amount must be positive");
        }
        if (zipfExponent <= 0 && hotAccounts < 2 && hotFraction >= 1) {
            throw new IllegalArgumentException("a transfer needs two accounts: with all traffic on the hot set, "
                    + "the hot set needs at least 2 accounts");
        }
        picker(accountCount, hotAccounts, hotFraction, zipfExponent); // validates the skew
    }

    /** The defaults of the {@code bench} command, with the given size, skew and seed. */
    public static Workload hotSet(int accountCount, int hotAccounts, double hotFraction, long seed) {
        return new Workload(accountCount, hotAccounts, hotFraction, 0, 0.1, 100, 100, seed);
    }

    private static AccountPicker picker(int accountCount, int hotAccounts, double hotFraction, double zipf) {
        if (zipf > 0) {
            return new ZipfPicker(accountCount, zipf);
        }
        return new HotSetPicker(accountCount, hotAccounts, hotFraction);
    }

    public AccountPicker picker() {
        return picker(accountCount, hotAccounts, hotFraction, zipfExponent);
    }

    /** Human summary of the skew and the balance rules. */
    public String describe() {
        return String.format(Locale.ROOT, "%s; %.0f%% loans; opening %d; amounts 1..%d", picker().describe(),
                loanFraction * 100, openingBalance, maxAmount);
    }

    /** Account id of index {@code i}; ids sort in index order. */
    public static String accountId(int index) {
        return String.format(Locale.ROOT, "acct-%05d", index);
    }

    /** Whether account {@code i} is a loan: loans are spread evenly, {@code loanFraction} of them. */
    public boolean isLoan(int index) {
        return Math.floor((index + 1) * loanFraction) > Math.floor(index * loanFraction);
    }

    /** The opening state of the ledger. */
    public List<Account> accounts() {
        List<Account> accounts = new ArrayList<>(accountCount);
        for (int i = 0; i < accountCount; i++) {
            boolean loan = isLoan(i);
            accounts.add(new Account(accountId(i), loan ? -openingBalance : openingBalance,
                    loan ? Constraint.NON_POSITIVE : Constraint.NON_NEGATIVE));
        }
        return accounts;
    }

    /** The endless, deterministic request stream of one worker. */
    public TransferStream streamFor(int worker) {
        return new TransferStream(worker);
    }

    /** Transfers of one worker, drawn from a generator seeded by the workload seed and the worker index. */
    public final class TransferStream {
        private final int worker;
        private final SplittableRandom random;
        private final AccountPicker picker = picker();
        private long sequence;

        private TransferStream(int worker) {
            this.worker = worker;
            // A large odd multiplier keeps the workers' seeds far apart.
            this.random = new SplittableRandom(seed + 0x9E3779B97F4A7C15L * (worker + 1));
        }

        public Transfer next() {
            int from = picker.pick(random);
            int to = picker.pick(random);
            while (to == from) {
                to = picker.pick(random);
            }
            long amount = 1 + random.nextLong(maxAmount);
            String id = "w" + worker + "-" + sequence++;
            return new Transfer(id, accountId(from), accountId(to), amount);
        }
    }
}
