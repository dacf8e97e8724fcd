package io.rivulet.connect.druid.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.rivulet.embedded.ConfigValidation;
import io.rivulet.embedded.ConnectConfigFiles;
import io.rivulet.testkit.ConnectClusterExtension;

/**
 * A worker validates the Druid sink's config as users submit it: each mistake is reported on its key, and the config
 * in connect-configs/ validates as it is. (The archive itself is checked with every plugin's in PluginArchivesIT.)
 */
@Tag("integration")
class DruidSinkValidationIT {
    @RegisterExtension
    static final ConnectClusterExtension CONNECT = ConnectClusterExtension.withBuiltPlugins();

    @Test
    void eachMistakeIsReportedOnItsKey() {
        Map<String, List<String>> errors = CONNECT.rest().validate("DruidSinkConnector", Map.of(
                "connector.class", "DruidSinkConnector", "topics", "analytics.sales_per_minute",
                "druid.overlord.url", "ftp://druid", "druid.datasource.format", "${table}")).errors();
        assertTrue(errors.get("druid.overlord.url").get(0).contains("http"), errors.toString());
        assertTrue(errors.get("druid.datasource.format").get(0).contains("${topic}"), errors.toString());
    }

    @Test
    void theConfigUsersPutFromConnectConfigsValidates() {
        Map<String, String> file = ConnectConfigFiles.forConnector("io.rivulet.connect.druid.DruidSinkConnector",
                Map.of()).get("analytics-druid-sink");
        file.put("name", "analytics-druid-sink");
        ConfigValidation validation = CONNECT.rest().validate("DruidSinkConnector", file);
        assertEquals(0, validation.errorCount(), validation.errors().toString());
    }
}
