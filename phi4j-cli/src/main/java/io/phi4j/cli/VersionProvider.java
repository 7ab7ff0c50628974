package io.phi4j.cli;

import picocli.CommandLine;

/** {@code phi --version}: the jar's implementation version and the JVM it runs on. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Main.class.getPackage().getImplementationVersion();
        return new String[] {
                "phi4j " + (v == null ? "0.1.0-SNAPSHOT" : v),
                "JVM: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.version")
                        + " (" + Runtime.getRuntime().availableProcessors() + " cores)"
        };
    }
}
