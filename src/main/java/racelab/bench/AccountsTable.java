package racelab.bench;

/**
 * Where a mitigation keeps balances, so the bench can audit them from the database.
 *
 * @param table table name as H2 stores it (usually upper case)
 * @param idColumn the account id column
 * @param balanceColumn the balance column
 */
public record AccountsTable(String table, String idColumn, String balanceColumn) {
}
