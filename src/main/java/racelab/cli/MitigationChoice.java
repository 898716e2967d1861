package racelab.cli;

import java.util.Iterator;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;
import racelab.ledger.Mitigations;

/**
 * A mitigation id on the command line: checked against {@link Mitigations} while parsing, and offered to bash
 * completion and to {@code --help} as {@code ${COMPLETION-CANDIDATES}}.
 */
public final class MitigationChoice implements ITypeConverter<String>, Iterable<String> {

    @Override
    public String convert(String id) {
        if (Mitigations.byId(id.trim()).isEmpty()) {
            throw new TypeConversionException("unknown mitigation '" + id + "'; expected one of "
                    + String.join(", ", Mitigations.everyId()));
        }
        return id.trim();
    }

    @Override
    public Iterator<String> iterator() {
        return Mitigations.everyId().iterator();
    }
}
