package dev.multidocker.deploy.beanstalk;

import dev.multidocker.deploy.cli.Console;
import dev.multidocker.deploy.cli.Deadline;
import dev.multidocker.deploy.cli.Durations;
import dev.multidocker.deploy.cli.Stop;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.elasticbeanstalk.ElasticBeanstalkClient;
import software.amazon.awssdk.services.elasticbeanstalk.model.EnvironmentDescription;
import software.amazon.awssdk.services.elasticbeanstalk.model.EnvironmentStatus;
import software.amazon.awssdk.services.elasticbeanstalk.model.EventDescription;
import software.amazon.awssdk.services.elasticbeanstalk.model.EventSeverity;

/**
 * Reads one Beanstalk environment and follows an update. Success needs all of: Ready, running the new version
 * label, health accepted, and no ERROR or FATAL event since the update (Ready alone is what EB reports after a
 * failed deployment, too).
 */
final class EnvironmentWatch {
    private static final Set<EventSeverity> FAILURE_EVENTS = Set.of(EventSeverity.ERROR, EventSeverity.FATAL);

    private final ElasticBeanstalkClient beanstalk;
    private final Console console;
    private final String application;
    private final String environment;
    private final Duration pollInterval;
    private final Set<String> seenEvents = new HashSet<>();

    EnvironmentWatch(ElasticBeanstalkClient beanstalk, Console console, String application, String environment, Duration pollInterval) {
        this.beanstalk = beanstalk;
        this.console = console;
        this.application = application;
        this.environment = environment;
        this.pollInterval = pollInterval;
    }

    EnvironmentDescription describe() {
        List<EnvironmentDescription> found = beanstalk.describeEnvironments(r -> r.applicationName(application)
            .environmentNames(environment).includeDeleted(false)).environments();
        if (found.isEmpty() || found.get(0).status() == EnvironmentStatus.TERMINATED) {
            throw Stop.invalidInput("application " + application + " has no environment " + environment);
        }
        return found.get(0);
    }

    /** An update is refused unless the environment is Ready, so wait out whatever it is doing. */
    EnvironmentDescription untilReady(Deadline deadline) {
        String last = null;
        while (true) {
            EnvironmentDescription current = describe();
            if (current.status() == EnvironmentStatus.READY) {
                return current;
            }
            if (!current.statusAsString().equals(last)) {
                console.progress(environment + " is " + current.statusAsString() + "; waiting until it is Ready");
                last = current.statusAsString();
            }
            deadline.pause(pollInterval, environment + " to be Ready (it is " + current.statusAsString() + ")");
        }
    }

    /** Starts the update; returns the environment's own update time, from which its events count. */
    Instant update(String versionLabel) {
        Instant since = beanstalk.updateEnvironment(r -> r.applicationName(application).environmentName(environment)
            .versionLabel(versionLabel)).dateUpdated();
        console.progress(environment + ": update to " + versionLabel + " started");
        return since;
    }

    void untilDeployed(String versionLabel, Instant since, HealthAcceptance acceptance, Duration healthGrace, Deadline deadline) {
        String errorEvent = null;
        String lastState = null;
        Instant unhealthySince = null;
        while (true) {
            // State first, events second: an ERROR logged as the environment turned Ready is then never missed.
            EnvironmentDescription current = describe();
            String error = showEvents(since);
            errorEvent = errorEvent != null ? errorEvent : error;
            String state = current.statusAsString() + ", version " + current.versionLabel() + ", health " + HealthAcceptance.describe(current);
            if (!state.equals(lastState)) {
                console.progress(environment + ": " + state);
                lastState = state;
            }
            if (current.status() == EnvironmentStatus.READY) {
                if (errorEvent != null) {
                    throw Stop.failed(environment + ": the update reported an error: " + errorEvent);
                }
                if (!versionLabel.equals(current.versionLabel())) {
                    throw Stop.failed(environment + " is Ready but runs version " + current.versionLabel() + ", not " + versionLabel);
                }
                if (acceptance.accepts(current)) {
                    console.progress(environment + ": Ready on " + versionLabel + " with health " + HealthAcceptance.describe(current));
                    return;
                }
                unhealthySince = unhealthySince != null ? unhealthySince : Instant.now();
                if (HealthAcceptance.bad(current) && Duration.between(unhealthySince, Instant.now()).compareTo(healthGrace) >= 0) {
                    throw Stop.failed(environment + ": version " + versionLabel + " is deployed but health stayed "
                        + HealthAcceptance.describe(current) + " for " + Durations.format(healthGrace));
                }
            }
            deadline.pause(pollInterval, environment + " to run " + versionLabel + " healthily (now " + state + ")");
        }
    }

    /** Prints events not seen yet, oldest first; returns the first ERROR or FATAL message among them. */
    private String showEvents(Instant since) {
        List<EventDescription> events = beanstalk.describeEvents(r -> r.applicationName(application)
            .environmentName(environment).startTime(since)).events();
        String error = null;
        for (EventDescription event : events.stream().sorted(Comparator.comparing(EventDescription::eventDate)).toList()) {
            if (seenEvents.add(event.eventDate() + event.message())) {
                console.event(event.severityAsString() + " " + event.message());
                if (error == null && FAILURE_EVENTS.contains(event.severity())) {
                    error = event.message();
                }
            }
        }
        return error;
    }
}
