/**
 * The headless command line of {@code ledger-lab.jar} and of the app image's launcher, built on picocli.
 *
 * <h2>Adding a command</h2>
 * <ol>
 *   <li>Write a class that extends {@link racelab.cli.LabCommand} and is annotated
 *       {@code @Command(name = "my-command", description = "One sentence a trainer understands.")}.</li>
 *   <li>Declare its input as typed fields: {@code @Parameters(index = "0", paramLabel = "SCENE", description =
 *       SceneArguments.DESCRIPTION) String scene;} and {@code @Option(names = "--runs", paramLabel = "N",
 *       description = "...") int runs = 2000;}. The field's initial value is the default and {@code --help} shows
 *       it. Every option needs a description ({@code CommandLineTest} checks it). Reuse the mixins
 *       ({@code @Mixin LedgerOptions}, {@code @Mixin LogSceneArgs}) and converters ({@link
 *       racelab.cli.MitigationChoice}, {@link racelab.cli.OnOff}, {@link racelab.cli.Theme}) where they fit; a
 *       converter that implements {@code Iterable<String>} also feeds bash completion.</li>
 *   <li>Implement {@code protected int run(PrintWriter out, PrintWriter err)}: return 0, or 1 when the run itself
 *       failed; throw {@link racelab.cli.UsageException} for bad input the options could not check alone (a
 *       scene file's {@code file:line:column} message, a range, two options that exclude each other). It becomes
 *       one line on stderr, {@code ledger-lab my-command: message}, and exit code 2.</li>
 *   <li>Register it in {@link racelab.cli.Main#commandLine} (the order there is the order of {@code --help}).</li>
 *   <li>Test it through {@code Main.run(args, out, err)}; {@code CommandLineTest} already checks {@code --help},
 *       unknown options and malformed numbers of every registered command.</li>
 * </ol>
 *
 * <p>Do not parse {@code String[]} by hand: whole numbers, numbers, enums, lists ({@code split = ","}) and
 * repeated options are picocli's job, and {@link racelab.cli.CliConventions} words every parse error the same
 * way for all commands.
 */
package racelab.cli;
