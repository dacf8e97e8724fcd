package io.rivulet.transforms.enrich;

import java.net.URI;
import java.util.List;

import org.apache.commons.pool2.impl.GenericObjectPoolConfig;

import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.exceptions.JedisException;

/** Profiles as Redis hashes, read with HMGET through a Jedis connection pool. */
public final class RedisProfileSource implements ProfileSource {
    private final JedisPooled jedis;
    private final String address;

    /** {@code uri} is {@code redis://host:port[/db]} or {@code rediss://...} (TLS); credentials come separately. */
    public RedisProfileSource(URI uri, String username, String password, int timeoutMs, int poolSize) {
        boolean tls = "rediss".equals(uri.getScheme());
        int port = uri.getPort() > 0 ? uri.getPort() : 6379;
        DefaultJedisClientConfig.Builder client = DefaultJedisClientConfig.builder()
                .ssl(tls)
                .connectionTimeoutMillis(timeoutMs)
                .socketTimeoutMillis(timeoutMs)
                .database(database(uri))
                .clientName("rivulet-redis-enrich");
        if (password != null) {
            client.user(username).password(password);
        }
        GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
        pool.setMaxTotal(poolSize);
        pool.setMaxIdle(poolSize);
        pool.setMaxWait(java.time.Duration.ofMillis(timeoutMs));
        this.jedis = new JedisPooled(pool, new HostAndPort(uri.getHost(), port), client.build());
        this.address = uri.getScheme() + "://" + uri.getHost() + ":" + port; // never the credentials
    }

    static int database(URI uri) {
        String path = uri.getPath();
        return path == null || path.length() <= 1 ? 0 : Integer.parseInt(path.substring(1));
    }

    @Override
    public String[] fetch(String key, String[] fields) {
        try {
            List<String> values = jedis.hmget(key, fields);
            return values.toArray(new String[0]);
        } catch (JedisException e) {
            throw new ProfileSourceException("Redis at " + address + " could not be read (HMGET " + key + "): "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        jedis.close();
    }

    @Override
    public String toString() {
        return address;
    }
}
