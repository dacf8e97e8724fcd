package io.rivulet.connect.http.pull;

import java.net.URI;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.hc.core5.http.Header;

/** Finds {@code rel="next"} in RFC 8288 Link headers, resolved against the request URI. */
final class LinkHeader {
    private static final Pattern LINK = Pattern.compile("<([^>]*)>\\s*((?:;\\s*[^;,]+)*)");
    private static final Pattern REL_NEXT = Pattern.compile(";\\s*rel\\s*=\\s*\"?([^\";,]*\\s)*next(\\s[^\";,]*)*\"?",
            Pattern.CASE_INSENSITIVE);

    private LinkHeader() {
    }

    static URI next(URI request, Header[] headers) {
        for (Header header : headers) {
            Matcher link = LINK.matcher(header.getValue());
            while (link.find()) {
                if (REL_NEXT.matcher(link.group(2)).find()) {
                    return request.resolve(link.group(1).trim());
                }
            }
        }
        return null;
    }
}
