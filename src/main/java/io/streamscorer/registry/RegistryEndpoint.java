package io.streamscorer.registry;

import static io.streamscorer.registry.SchemaRegistryClientConfig.BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG;
import static io.streamscorer.registry.SchemaRegistryClientConfig.BASIC_AUTH_USER_INFO_CONFIG;
import static io.streamscorer.registry.SchemaRegistryClientConfig.BEARER_AUTH_CREDENTIALS_SOURCE_CONFIG;
import static io.streamscorer.registry.SchemaRegistryClientConfig.BEARER_AUTH_TOKEN_CONFIG;
import static io.streamscorer.registry.SchemaRegistryClientConfig.SCHEMA_REGISTRY_URL_CONFIG;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.apache.kafka.common.config.ConfigException;

/**
 * One registry URL as the HTTP client calls it: the base URL without credentials, the {@code
 * Authorization} header to send there (null for none), and where that header came from, for
 * messages that must not show the secret.
 */
record RegistryEndpoint(String base, String authorization, String credentials) {

    /** Never shows the {@code Authorization} header: it carries the secret. */
    @Override
    public String toString() {
        return base + " with " + credentials;
    }

    /**
     * Every configured URL in order, with its credentials resolved.
     *
     * @throws ConfigException naming the key whose value is missing, invalid or contradictory
     */
    static List<RegistryEndpoint> all(SchemaRegistryClientConfig config) {
        String basicSource = config.getString(BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG);
        String bearerSource = config.getString(BEARER_AUTH_CREDENTIALS_SOURCE_CONFIG);
        String userInfoHeader = null;
        String userInfoDescription = null;
        if (SchemaRegistryClientConfig.BASIC_AUTH_SOURCE_USER_INFO.equals(basicSource)) {
            String userInfo = config.secret(BASIC_AUTH_USER_INFO_CONFIG);
            if (userInfo == null || userInfo.indexOf(':') < 1) {
                throw new ConfigException(
                        BASIC_AUTH_USER_INFO_CONFIG,
                        userInfo == null ? null : "[hidden]",
                        "must be user:password when "
                                + BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG
                                + "=USER_INFO");
            }
            userInfoHeader = basic(userInfo);
            userInfoDescription =
                    BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG
                            + "=USER_INFO (user '"
                            + userInfo.substring(0, userInfo.indexOf(':'))
                            + "')";
        }
        String bearerHeader = null;
        if (bearerSource != null) {
            String token = config.secret(BEARER_AUTH_TOKEN_CONFIG);
            if (token == null || token.isBlank()) {
                throw new ConfigException(
                        BEARER_AUTH_TOKEN_CONFIG,
                        null,
                        "required when "
                                + BEARER_AUTH_CREDENTIALS_SOURCE_CONFIG
                                + "="
                                + bearerSource);
            }
            bearerHeader = "Bearer " + token;
        }
        List<RegistryEndpoint> endpoints = new ArrayList<>();
        for (String url : config.urls()) {
            URI uri = parseUrl(url);
            String header = userInfoHeader;
            String description = userInfoDescription;
            String base = url;
            if (uri.getRawUserInfo() != null) {
                base = withoutUserInfo(uri);
                if (header == null) {
                    String userInfo =
                            URLDecoder.decode(uri.getRawUserInfo(), StandardCharsets.UTF_8);
                    header = basic(userInfo);
                    int colon = userInfo.indexOf(':');
                    description =
                            BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG
                                    + "=URL (user '"
                                    + (colon < 0 ? userInfo : userInfo.substring(0, colon))
                                    + "')";
                }
            }
            if (bearerHeader != null) {
                if (header != null) {
                    throw new ConfigException(
                            BEARER_AUTH_CREDENTIALS_SOURCE_CONFIG,
                            bearerSource,
                            "cannot be combined with basic credentials from " + description);
                }
                header = bearerHeader;
                description = BEARER_AUTH_CREDENTIALS_SOURCE_CONFIG + "=" + bearerSource;
            }
            if (header == null) {
                description =
                        "no credentials (neither "
                                + BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG
                                + " nor "
                                + BEARER_AUTH_CREDENTIALS_SOURCE_CONFIG
                                + " gave any)";
            }
            endpoints.add(new RegistryEndpoint(stripTrailingSlash(base), header, description));
        }
        return List.copyOf(endpoints);
    }

    private static URI parseUrl(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new ConfigException(
                    SCHEMA_REGISTRY_URL_CONFIG, url, "not a URL: " + e.getMessage());
        }
        String scheme = uri.getScheme();
        if (scheme == null
                || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                || uri.getHost() == null) {
            throw new ConfigException(
                    SCHEMA_REGISTRY_URL_CONFIG,
                    url,
                    "must be an http:// or https:// URL with a host (or one mock://scope)");
        }
        return uri;
    }

    private static String withoutUserInfo(URI uri) {
        try {
            return new URI(
                            uri.getScheme(),
                            null,
                            uri.getHost(),
                            uri.getPort(),
                            uri.getPath(),
                            null,
                            null)
                    .toString();
        } catch (URISyntaxException e) {
            throw new ConfigException(SCHEMA_REGISTRY_URL_CONFIG, "[hidden]", e.getMessage());
        }
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static String basic(String userInfo) {
        return "Basic "
                + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
    }
}
