package racelab.bench;

import java.util.SplittableRandom;

/**
 * "x% of traffic on k accounts": with probability {@code hotFraction} the draw is uniform over the first
 * {@code hotAccounts} accounts, otherwise uniform over all the others.
 */
public final class HotSetPicker implements AccountPicker {

    private final int accountCount;
    private final int hotAccounts;
    private final double hotFraction;

    public HotSetPicker(int accountCount, int hotAccounts, double hotFraction) {
        if (hotAccounts < 1 || hotAccounts > accountCount) {
            throw new IllegalArgumentException("hot accounts must be between 1 and " + accountCount);
        }
        if (hotFraction < 0 || hotFraction > 1) {
            throw new IllegalArgumentException("hot fraction must be between 0 and 1");
        }
        this.accountCount = accountCount;
        this.hotAccounts = hotAccounts;
        this.hotFraction = hotFraction;
    }

    @Override
    public int pick(SplittableRandom random) {
        boolean hot = hotAccounts == accountCount || random.nextDouble() < hotFraction;
        if (hot) {
            return random.nextInt(hotAccounts);
        }
        return hotAccounts + random.nextInt(accountCount - hotAccounts);
    }

    @Override
    public String describe() {
        return String.format(java.util.Locale.ROOT, "%.0f%% of picks on %d of %d accounts", hotFraction * 100,
                hotAccounts, accountCount);
    }
}
