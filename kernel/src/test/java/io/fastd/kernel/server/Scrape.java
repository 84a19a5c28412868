package io.fastd.kernel.server;

import io.fastd.kernel.Application;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** Reads samples out of the Prometheus text the application's registry scrapes. */
final class Scrape {

    private Scrape() {
    }

    /** The scrape of {@code app}'s registry now. */
    static String of(Application app) {
        return app.injector().getInstance(PrometheusMeterRegistry.class).scrape();
    }

    /**
     * The sum of the samples named exactly {@code name} whose labels include every
     * {@code label=value} pair of {@code labels}; -1 if there is none.
     */
    static double sum(String scrape, String name, String... labels) {
        double sum = 0;
        boolean found = false;
        for (String line : scrape.split("\n")) {
            if (line.startsWith("#") || !(line.startsWith(name + "{") || line.startsWith(name + " "))) {
                continue;
            }
            int end = line.lastIndexOf(' ');
            String labelText = line.substring(name.length(), end);
            boolean all = true;
            for (int i = 0; i < labels.length; i += 2) {
                all &= labelText.contains(labels[i] + "=\"" + labels[i + 1] + "\"");
            }
            if (all) {
                found = true;
                sum += Double.parseDouble(line.substring(end + 1));
            }
        }
        return found ? sum : -1;
    }
}
