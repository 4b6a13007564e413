package io.flowlens.job.l7.redis;

import io.flowlens.job.l7.ReplayedSessions;
import io.flowlens.testkit.Command;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The top-level RESP values tshark's dissector (Wireshark 4.0 "resp") finds in a capture, read from its PDML tree:
 * the field lists of {@code -T fields} flatten nested arrays, so which bulk string heads which array is lost there.
 * Inline commands show as "Fragment" without a value: their name is read from the bytes tshark delimits.
 */
public final class TsharkResp {

    /**
     * One top-level value: its sender, RESP kind (array, string, error, integer, bulk_string..., or inline for an
     * inline command), first element (an inline command's name).
     */
    public record Value(String flow, String sender, String kind, String head) {}

    private TsharkResp() {}

    /** Every top-level value in the capture, in capture order (tshark takes Redis on port 6379). */
    public static List<Value> values(Path capture) throws Exception {
        return values(capture, 6379);
    }

    /** As {@link #values(Path)}, with tshark told that {@code port} carries Redis ("decode as"). */
    public static List<Value> values(Path capture, int port) throws Exception {
        String pdml = Command.run(Duration.ofSeconds(120), "tshark", "-n", "-r", capture.toString(),
                "-d", "tcp.port==" + port + ",resp", "-Y", "resp", "-T", "pdml").checked().stdout();
        var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(pdml.getBytes(StandardCharsets.UTF_8)));
        List<Value> values = new ArrayList<>();
        var packets = doc.getElementsByTagName("packet");
        for (int i = 0; i < packets.getLength(); i++) {
            Element packet = (Element) packets.item(i);
            String src = ReplayedSessions.endpoint(InetAddress.ofLiteral(first(packet, "ip.src", "ipv6.src")),
                    Integer.parseInt(first(packet, "tcp.srcport")));
            String dst = ReplayedSessions.endpoint(InetAddress.ofLiteral(first(packet, "ip.dst", "ipv6.dst")),
                    Integer.parseInt(first(packet, "tcp.dstport")));
            String flow = ReplayedSessions.key(src, dst);
            for (Element proto : children(packet, "proto")) {
                if (!"resp".equals(proto.getAttribute("name"))) {
                    continue;
                }
                for (Element field : children(proto, "field")) {
                    String kind = field.getAttribute("name").replace("resp.", "");
                    if (kind.equals("fragment")) {
                        values.add(new Value(flow, src, "inline", inlineName(packet, field)));
                        continue;
                    }
                    values.add(new Value(flow, src, kind, head(field)));
                }
            }
        }
        return values;
    }

    /**
     * The first word of a line tshark marks as a "Fragment" (an inline command such as "PING\r\n": the dissector
     * delimits it but shows no value), read from the TCP payload at the fragment's position.
     */
    private static String inlineName(Element packet, Element fragment) {
        Element payload = field(packet, "tcp.payload");
        byte[] bytes = HexFormat.of().parseHex(payload.getAttribute("value"));
        int from = Integer.parseInt(fragment.getAttribute("pos")) - Integer.parseInt(payload.getAttribute("pos"));
        int to = from + Integer.parseInt(fragment.getAttribute("size"));
        String line = new String(bytes, from, to - from, StandardCharsets.ISO_8859_1).strip();
        int space = line.indexOf(' ');
        return space < 0 ? line : line.substring(0, space);
    }

    /** An array's first bulk string, decoded; null for other values. */
    private static String head(Element value) {
        for (Element element : children(value, "field")) {
            if (element.getAttribute("name").equals("resp.bulk_string")) {
                for (Element part : children(element, "field")) {
                    if (part.getAttribute("name").equals("resp.bulk_string.value")) {
                        return new String(HexFormat.of().parseHex(part.getAttribute("value")), StandardCharsets.UTF_8);
                    }
                }
            }
            if (!element.getAttribute("name").endsWith(".length")) {
                return null;
            }
        }
        return null;
    }

    private static Element field(Element packet, String name) {
        var fields = packet.getElementsByTagName("field");
        for (int i = 0; i < fields.getLength(); i++) {
            Element f = (Element) fields.item(i);
            if (f.getAttribute("name").equals(name)) {
                return f;
            }
        }
        throw new IllegalStateException("no " + name + " in a tshark packet");
    }

    private static String first(Element packet, String... names) {
        var fields = packet.getElementsByTagName("field");
        for (String name : names) {
            for (int i = 0; i < fields.getLength(); i++) {
                Element f = (Element) fields.item(i);
                if (f.getAttribute("name").equals(name)) {
                    return f.getAttribute("show");
                }
            }
        }
        throw new IllegalStateException("no " + String.join("/", names) + " in a tshark packet");
    }

    private static List<Element> children(Element parent, String tag) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(tag)) {
                out.add(e);
            }
        }
        return out;
    }
}
