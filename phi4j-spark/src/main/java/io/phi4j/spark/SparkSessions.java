package io.phi4j.spark;

import org.apache.spark.sql.SparkSession;

/**
 * Spark sessions for the curation pipeline. On {@code local[…]} masters the driver binds to 127.0.0.1 (tests and
 * single machines never open a port on another interface) and the web UI is off; on a cluster the master URL and
 * any other settings come from spark-submit.
 */
final class SparkSessions {
    private SparkSessions() {
    }

    static SparkSession create(String master, String appName) {
        SparkSession.Builder b = SparkSession.builder().appName(appName);
        if (master != null) {
            b = b.master(master);
        }
        if (master == null || master.startsWith("local")) {
            b = b.config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.ui.enabled", "false")
                    .config("spark.sql.shuffle.partitions", "4");
        }
        b = b.config("spark.log.level", System.getProperty("phi4j.spark.logLevel", "WARN"));
        return b.getOrCreate();
    }
}
