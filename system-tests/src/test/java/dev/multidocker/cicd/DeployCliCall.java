package dev.multidocker.cicd;

import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A run of the deploy CLI's jar in a CI file, parsed by the CLI's own picocli command line. The CLI is loaded from the
 * jar CI runs (deploy/target/deploy.jar and the lib/ its manifest names), so the check sees exactly the options and
 * value types of that jar, with the library versions it was built with.
 */
record DeployCliCall(CiFile.Command command, Object parseResult) {

    /** The CLI's entry point, whose module builds the jar: target/&lt;artifactId&gt;.jar. */
    static final String MAIN_CLASS = "dev.multidocker.deploy.DeployCli";

    static final String JAR = Repository.modules().stream()
        .filter(module -> Repository.read(Repository.ROOT.resolve(module).resolve("pom.xml"))
            .contains("<exec.mainClass>" + MAIN_CLASS + "</exec.mainClass>"))
        .map(module -> module + "/target/" + Repository.artifactId(module) + ".jar")
        .findFirst().orElseThrow(() -> new IllegalStateException("no module's main class is " + MAIN_CLASS));

    private static final Set<String> ROLLOUTS = Set.of("beanstalk", "fargate");

    /** The CLI refused the command line: picocli's message (unknown option, missing required option, bad value). */
    static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message);
        }
    }

    static boolean runsTheCli(CiFile.Command command) {
        return command.startsWith("java", "-jar", JAR);
    }

    /** A beanstalk or fargate rollout, told from the words alone so that a command line the CLI refuses still counts. */
    static boolean rollsOut(CiFile.Command command) {
        return runsTheCli(command) && command.words().size() > 3 && ROLLOUTS.contains(command.words().get(3));
    }

    /** @throws Refused when the CLI would refuse the arguments */
    static Optional<DeployCliCall> of(CiFile.Command command) {
        if (!runsTheCli(command)) {
            return Optional.empty();
        }
        String[] arguments = command.words().subList(3, command.words().size()).toArray(String[]::new);
        try {
            Object commandLine = Cli.LOADER.loadClass(MAIN_CLASS).getMethod("commandLine").invoke(null);
            Method parseArgs = commandLine.getClass().getMethod("parseArgs", String[].class);
            return Optional.of(new DeployCliCall(command, parseArgs.invoke(commandLine, (Object) arguments)));
        } catch (InvocationTargetException e) {
            if (e.getCause().getClass().getName().startsWith("picocli.")) {
                throw new Refused(e.getCause().getMessage());
            }
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot run the command line of " + JAR, e);
        }
    }

    String subcommand() {
        Object subcommand = subcommandResult();
        return subcommand == null ? "" : (String) call(call(subcommand, "commandSpec"), "name");
    }

    boolean has(String option) {
        return option(option) != null;
    }

    String value(String option) {
        List<String> values = values(option);
        return values.isEmpty() ? "" : values.get(0);
    }

    @SuppressWarnings("unchecked")
    List<String> values(String option) {
        Object matched = option(option);
        return matched == null ? List.of() : (List<String>) call(matched, "originalStringValues");
    }

    private Object option(String name) {
        Object subcommand = subcommandResult();
        if (subcommand == null) {
            return null;
        }
        try {
            return subcommand.getClass().getMethod("matchedOption", String.class).invoke(subcommand, name);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private Object subcommandResult() {
        return (Boolean) call(parseResult, "hasSubcommand") ? call(parseResult, "subcommand") : null;
    }

    private static Object call(Object target, String method) {
        try {
            return target.getClass().getMethod(method).invoke(target);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Loaded once, on first use: the jar is built by the deploy module, which the reactor builds before this one. */
    private static final class Cli {
        static final ClassLoader LOADER = load();

        private static ClassLoader load() {
            Path jar = Repository.ROOT.resolve(JAR);
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException(JAR + " is not built: run mvn package (the reactor builds it before system-tests)");
            }
            try {
                return new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
            } catch (MalformedURLException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
