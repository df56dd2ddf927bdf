package io.streamscorer.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * Accepts an address a server socket can be bound to: an IPv4 literal, an IPv6 literal (with or
 * without brackets) or a host name in RFC 1123 syntax. It only checks the spelling, never resolves
 * a name, so validating a config neither waits for DNS nor depends on it.
 */
final class BindAddressValidator implements ConfigDef.Validator {
    private static final Pattern HOST_NAME =
            Pattern.compile(
                    "(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
                            + "(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\\.?");
    private static final Pattern DOTTED_NUMBERS = Pattern.compile("[0-9.]+");
    private static final Pattern IPV4 =
            Pattern.compile(
                    "((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}"
                            + "(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])");

    @Override
    public void ensureValid(String name, Object value) {
        String address = value == null ? "" : value.toString();
        if (!isValid(address)) {
            throw new ConfigException(
                    name,
                    value,
                    "must be an IP address or a host name to listen on, such as 0.0.0.0 (every"
                            + " interface), 127.0.0.1 (this machine only), :: or admin.example.com");
        }
    }

    private static boolean isValid(String address) {
        if (address.indexOf(':') >= 0) {
            String literal =
                    address.startsWith("[") && address.endsWith("]")
                            ? address.substring(1, address.length() - 1)
                            : address;
            return isIpv6Literal(literal);
        }
        if (DOTTED_NUMBERS.matcher(address).matches()) {
            return IPV4.matcher(address).matches();
        }
        return HOST_NAME.matcher(address).matches();
    }

    private static boolean isIpv6Literal(String literal) {
        if (literal.isEmpty() || literal.indexOf(':') < 0) {
            return false;
        }
        try {
            // A string with a colon is parsed as an IPv6 literal, never looked up in DNS.
            InetAddress.getByName(literal);
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "an IP address or host name";
    }
}
