package io.marketflow.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmark's entry point: {@code java -jar bench/target/marketflow-bench-exec.jar [--quick] [scenario...]}, from
 * the repository's root after {@code ./mvnw -q -DskipTests package}. Each scenario runs on a fresh system of its
 * own; the figures go to stdout and to {@code bench/target/bench-results} ({@code --out <dir>} elsewhere).
 */
public final class Bench {

    static final List<Scenario> SCENARIOS = List.of(new CommandsScenario(), new SubmissionsScenario(),
            new LagScenario(), new ListScenario(), new BigMarketScenario(), new RebuildScenario());

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        Settings settings = Settings.full();
        Path root = Path.of(System.getProperty("marketflow.root", ".")).toAbsolutePath().normalize();
        Path out = root.resolve("bench/target/bench-results");
        List<String> chosen = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> settings = Settings.quick();
                case "--smoke" -> settings = Settings.smoke();
                case "--out" -> out = Path.of(args[++i]);
                default -> chosen.add(args[i]);
            }
        }
        List<Figure> figures = run(root, settings, chosen, out);
        System.out.println();
        System.out.println(Report.table(figures));
        System.out.println("Figures and latency pictures in " + out);
    }

    /** Runs the scenarios named (all when none), each on a fresh system but for a smoke run; answers every figure. */
    static List<Figure> run(Path root, Settings settings, List<String> names, Path out) throws Exception {
        List<Scenario> scenarios = names.isEmpty() ? SCENARIOS
                : names.stream().map(Bench::scenario).toList();
        List<Figure> figures = new ArrayList<>();
        Map<String, List<Scenario.Series>> series = new LinkedHashMap<>();
        Map<String, Object> machine = machine(settings);
        // the smoke run only proves that every scenario still works: one system serves them all
        BenchSystem shared = settings.mode().equals("smoke") ? BenchSystem.start(root, "smoke") : null;
        try {
            for (Scenario scenario : scenarios) {
                System.out.printf("%n== %s: %s (%s)%n", scenario.name(), scenario.description(), settings.mode());
                BenchSystem system = shared != null ? shared : BenchSystem.start(root, scenario.name());
                try {
                    machine.putIfAbsent("postgresql", postgresVersion(system));
                    Scenario.Outcome outcome = scenario.run(system, settings);
                    figures.addAll(outcome.figures());
                    series.put(scenario.name(), outcome.series());
                    System.out.println(Report.table(outcome.figures()));
                } finally {
                    if (system != shared) {
                        system.close();
                    }
                }
            }
        } finally {
            if (shared != null) {
                shared.close();
            }
        }
        Files.createDirectories(out);
        Report.write(out, machine, figures, series);
        return figures;
    }

    private static Scenario scenario(String name) {
        return SCENARIOS.stream().filter(scenario -> scenario.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no scenario '" + name + "'; choose from "
                        + SCENARIOS.stream().map(Scenario::name).toList()));
    }

    private static Map<String, Object> machine(Settings settings) {
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        machine.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        machine.put("sideHeap", BenchSystem.HEAP);
        Map<String, Object> used = new LinkedHashMap<>();
        used.put("mode", settings.mode());
        used.put("warmUpSeconds", settings.warmUp().toMillis() / 1000.0);
        used.put("coldWarmUpSeconds", settings.coldWarmUp().toMillis() / 1000.0);
        used.put("measuredSeconds", settings.measured().toMillis() / 1000.0);
        used.put("clients", settings.clients());
        used.put("markets", settings.organizers() * settings.marketsEach());
        used.put("applications", settings.applications());
        used.put("listRows", settings.listRows());
        used.put("listMarketRows", settings.listMarketRows());
        used.put("rebuildEvents", settings.rebuildEvents());
        machine.put("settings", used);
        return machine;
    }

    private static String postgresVersion(BenchSystem system) throws Exception {
        try (Connection connection = system.connectAs(system.admin().user());
             Statement statement = connection.createStatement();
             ResultSet version = statement.executeQuery("SHOW server_version")) {
            version.next();
            return version.getString(1);
        }
    }
}
