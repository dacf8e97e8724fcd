package io.rivulet.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.rivulet.embedded.ConnectConfigFiles;

/** docs/security.md lists exactly the ACLs the code grants, for the compose and Kubernetes names. */
class SecurityDocTest {
    @Test
    void theDocumentedAclCommandsAreTheOnesTheCodeGrants() throws Exception {
        Path configs = ConnectConfigFiles.folder();
        List<String> connectors = List.of("orders-http-source", "clicks-http-listener", "analytics-jdbc-sink",
                "analytics-druid-sink");
        PipelinePrincipals principals = PipelinePrincipals.of(configs, connectors, "rivulet-connect",
                "_rivulet-connect-", "rivulet-aggregator");
        List<String> granted = new ArrayList<>();
        for (String user : principals.users()) {
            granted.addAll(principals.acls(user).commands("$BOOTSTRAP"));
        }
        List<String> documented = Files.readAllLines(configs.resolveSibling("docs").resolve("security.md")).stream()
                .filter(line -> line.startsWith("kafka-acls ")).toList();
        assertEquals(granted, documented);
        assertTrue(granted.size() > 20, granted.toString());
    }
}
