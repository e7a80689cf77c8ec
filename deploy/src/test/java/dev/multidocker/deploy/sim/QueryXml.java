package dev.multidocker.deploy.sim;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Renders answers of the AWS Query protocol (Elastic Beanstalk, ELBv2): {@code <ActionResponse><ActionResult>}
 * with lists as {@code <member>} elements, and the {@code <ErrorResponse>} form for errors.
 */
final class QueryXml {
    private QueryXml() {
    }

    static String response(String namespace, String action, Map<String, ?> result) {
        return "<" + action + "Response xmlns=\"" + namespace + "\"><" + action + "Result>" + render(result)
            + "</" + action + "Result><ResponseMetadata><RequestId>" + UUID.randomUUID()
            + "</RequestId></ResponseMetadata></" + action + "Response>";
    }

    static String error(String namespace, SimulatedError error) {
        return "<ErrorResponse xmlns=\"" + namespace + "\"><Error><Type>Sender</Type><Code>" + error.code()
            + "</Code><Message>" + escape(error.getMessage()) + "</Message></Error><RequestId>" + UUID.randomUUID()
            + "</RequestId></ErrorResponse>";
    }

    private static String render(Object value) {
        if (value instanceof Map<?, ?> map) {
            StringBuilder xml = new StringBuilder();
            map.forEach((key, child) -> {
                if (child != null) {
                    xml.append('<').append(key).append('>').append(render(child)).append("</").append(key).append('>');
                }
            });
            return xml.toString();
        }
        if (value instanceof List<?> list) {
            StringBuilder xml = new StringBuilder();
            list.forEach(item -> xml.append("<member>").append(render(item)).append("</member>"));
            return xml.toString();
        }
        return escape(String.valueOf(value));
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
