package io.rivulet.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

import io.rivulet.simulator.ShopOrdersApi;

/**
 * The shop APIs the pull connector of {@code bench/scale.sh} reads, in their own JVM: {@code endpoints} order APIs
 * (cursor pagination, bearer token) on loopback ports written to the ports file, one per line. Like a live shop,
 * each creates its orders as the connector reads, stamped with the time they are created, staying at most
 * {@link #AHEAD} orders ahead of what was fetched, until it holds the count in the target file (which the coordinator
 * raises for each round). Customers are the load clients' users, so orders spread over every partition.
 * <p>Usage: {@code PullStub <endpoints> <token> <ports file> <target file>}; runs until it is stopped.
 */
public final class PullStub {
    static final int AHEAD = 20_000;

    private PullStub() {
    }

    public static void main(String[] args) throws Exception {
        int endpoints = Integer.parseInt(args[0]);
        Path portsFile = Paths.get(args[2]);
        Path targetFile = Paths.get(args[3]);
        List<ShopOrdersApi> shops = new ArrayList<>();
        List<String> ports = new ArrayList<>();
        for (int e = 0; e < endpoints; e++) {
            ShopOrdersApi shop = ShopOrdersApi.onLoopback(ShopOrdersApi.Interceptor.NONE);
            shop.requireBearerToken(args[1]);
            shops.add(shop);
            ports.add(Integer.toString(shop.port()));
        }
        Path partial = portsFile.resolveSibling(portsFile.getFileName() + ".partial");
        Files.write(partial, ports);
        Files.move(partial, portsFile);
        int[] created = new int[endpoints];
        while (true) {
            long target = Files.exists(targetFile) ? Long.parseLong(Files.readString(targetFile).trim()) : 0;
            boolean idle = true;
            for (int e = 0; e < endpoints; e++) {
                ShopOrdersApi shop = shops.get(e);
                while (created[e] < target && created[e] - shop.served() < AHEAD) {
                    int n = ++created[e];
                    shop.add(ShopOrdersApi.sampleOrder(n, "s" + e + "-o-")
                            .put("customer_id", "u-" + n % 1000)
                            .put("order_ts", System.currentTimeMillis()));
                    idle = false;
                }
            }
            if (idle) {
                Thread.sleep(5);
            }
        }
    }
}
