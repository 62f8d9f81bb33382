package dev.skyport.users.auth;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.web.util.HtmlUtils;

import dev.skyport.testsupport.ApiClient;

/**
 * A form read from a page as a browser sees it: its action, method, hidden inputs and the text of its submit button,
 * so tests submit what the page offers instead of hard-coding it. Multi-valued inputs keep only their values' list.
 */
record HtmlForm(String method, String action, List<Map.Entry<String, String>> inputs, String button) {

    private static final Pattern FORM = Pattern.compile("<form([^>]*)>(.*?)</form>", Pattern.DOTALL);
    private static final Pattern INPUT = Pattern.compile("<input([^>]*)>");
    private static final Pattern BUTTON = Pattern.compile("<button([^>]*)>(.*?)</button>", Pattern.DOTALL);

    static List<HtmlForm> all(String html) {
        List<HtmlForm> forms = new ArrayList<>();
        Matcher form = FORM.matcher(html);
        while (form.find()) {
            List<Map.Entry<String, String>> inputs = new ArrayList<>();
            Matcher input = INPUT.matcher(form.group(2));
            while (input.find()) {
                String name = attribute(input.group(1), "name");
                if (name != null && "hidden".equals(attribute(input.group(1), "type"))) {
                    inputs.add(Map.entry(name, valueOrEmpty(attribute(input.group(1), "value"))));
                }
            }
            Matcher button = BUTTON.matcher(form.group(2));
            String text = "";
            if (button.find()) {
                text = button.group(2).strip();
                String name = attribute(button.group(1), "name");
                if (name != null) {
                    inputs.add(Map.entry(name, valueOrEmpty(attribute(button.group(1), "value"))));
                }
            }
            forms.add(new HtmlForm(valueOrEmpty(attribute(form.group(1), "method")).toUpperCase(),
                    attribute(form.group(1), "action"), inputs, text));
        }
        return forms;
    }

    /** The one form whose button says {@code text}. */
    static HtmlForm withButton(String html, String text) {
        List<HtmlForm> matching = all(html).stream().filter(form -> form.button().contains(text)).toList();
        if (matching.size() != 1) {
            throw new AssertionError("expected one form with a '" + text + "' button in: " + html);
        }
        return matching.get(0);
    }

    List<String> values(String name) {
        return inputs.stream().filter(input -> input.getKey().equals(name)).map(Map.Entry::getValue).toList();
    }

    /** The form's fields URL-encoded, without the fields named in {@code leaveOut}. */
    String body(String... leaveOut) {
        List<String> skipped = List.of(leaveOut);
        StringBuilder body = new StringBuilder();
        for (Map.Entry<String, String> input : inputs) {
            if (!skipped.contains(input.getKey())) {
                body.append(body.isEmpty() ? "" : "&").append(ApiClient.form(Map.of(input.getKey(), input.getValue())));
            }
        }
        return body.toString();
    }

    /** The fields as a map (the last value wins for a repeated name); use {@link #body} for repeated fields. */
    Map<String, String> fields() {
        Map<String, String> fields = new LinkedHashMap<>();
        inputs.forEach(input -> fields.put(input.getKey(), input.getValue()));
        return fields;
    }

    private static String attribute(String attributes, String name) {
        Matcher matcher = Pattern.compile("\\b" + name + "=\"([^\"]*)\"").matcher(attributes);
        return matcher.find() ? HtmlUtils.htmlUnescape(matcher.group(1)) : null;
    }

    private static String valueOrEmpty(String value) {
        return value == null ? "" : value;
    }
}
