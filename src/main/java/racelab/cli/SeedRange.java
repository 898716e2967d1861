package racelab.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A range of seeds on the command line, both ends included: {@code A..B}, or {@code A} for one seed. */
public record SeedRange(long from, long to) {

    /** How many seeds the range holds. */
    public long count() {
        return to - from + 1;
    }

    @Override
    public String toString() {
        return from + ".." + to;
    }

    /** {@code A..B} or {@code A}, with {@code A <= B}; each command checks its own largest count. */
    public static final class Converter implements ITypeConverter<SeedRange> {
        @Override
        public SeedRange convert(String range) {
            int dots = range.indexOf("..");
            long from = CliConventions.wholeNumber(dots < 0 ? range : range.substring(0, dots), Long.MIN_VALUE,
                    Long.MAX_VALUE);
            long to = dots < 0 ? from : CliConventions.wholeNumber(range.substring(dots + 2), Long.MIN_VALUE,
                    Long.MAX_VALUE);
            if (to < from) {
                throw new TypeConversionException("expects A..B with A <= B, found '" + range + "'");
            }
            return new SeedRange(from, to);
        }
    }
}
