package io.phi4j.convert;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The {@code general.*} naming keys llama.cpp's converter derives from a model id such as {@code microsoft/phi-2}
 * (gguf-py {@code Metadata.get_model_id_components}, {@code id_to_title}, {@code size_label}): name
 * {@code "Phi 2"}, organization {@code "Microsoft"}, basename {@code "phi"}, version {@code "2"}, size label
 * {@code "2.8B"}. Keys that come from a model card (README.md front matter: license, tags, languages) are not
 * derived.
 */
public record ModelNaming(String name, String organization, String basename, String finetune, String version,
                          String sizeLabel) {

    private static final Pattern VERSION = Pattern.compile("(?i)(v|iter)?\\d+([.]\\d+)*");
    private static final Pattern QUANT_TYPE = Pattern.compile("(?i)i?q\\d(_\\w)*|b?fp?(16|32)");
    private static final Pattern SIZE = Pattern.compile("(?i)(([A]|\\d+[x])?\\d+([._]\\d+)?[KMBT][\\d]?|small|mini|medium|large|x?xl)");
    private static final Pattern FINETUNE = Pattern.compile("(?i)chat|instruct|vision|lora");
    private static final Pattern TITLE_EXEMPT = Pattern.compile("^(v\\d+(?:\\.\\d+)*|\\d.*)$");

    /**
     * The naming of a model converted from a Hugging Face directory: {@code _name_or_path} from config.json when it
     * looks like a model id (at most one '/'), else the directory name, as the converter's heuristics do.
     */
    public static ModelNaming derive(String nameOrPath, String dirName, long totalParams) {
        String name = null, org = null, basename = null, finetune = null, version = null, size = null;
        List<String> ids = new ArrayList<>();
        if (nameOrPath != null && nameOrPath.chars().filter(c -> c == '/').count() <= 1) {
            ids.add(nameOrPath);
        }
        if (dirName != null) {
            ids.add(dirName);
        }
        for (String id : ids) {
            Components c = components(id, totalParams);
            if (name == null && c.fullName != null) {
                name = idToTitle(c.fullName);
            }
            if (org == null && c.org != null) {
                org = idToTitle(c.org);
            }
            basename = basename != null ? basename : c.basename;
            finetune = finetune != null ? finetune : c.finetune;
            version = version != null ? version : c.version;
            size = size != null ? size : c.sizeLabel;
        }
        if (name == null) {
            name = dirName;
        }
        if (size == null && totalParams > 0) {
            size = roundedCount(totalParams);
        }
        return new ModelNaming(name, org, basename, finetune, version, size);
    }

    /** gguf-py's model_weight_count_rounded_notation with min_digits 2: 2779683840 → "2.8B", 6.7e6 → "6.7M". */
    public static String roundedCount(long params) {
        double scaled;
        String suffix;
        if (params > 1e12) {
            scaled = params * 1e-12;
            suffix = "T";
        } else if (params > 1e9) {
            scaled = params * 1e-9;
            suffix = "B";
        } else if (params > 1e6) {
            scaled = params * 1e-6;
            suffix = "M";
        } else {
            scaled = params * 1e-3;
            suffix = "K";
        }
        // Python: fix = max(2 - len(str(round(x)).lstrip('0')), 0); f"{x:.{fix}f}" (round half to even)
        long rounded = Math.round(Math.rint(scaled));
        String digits = Long.toString(rounded).replaceFirst("^0+", "");
        int fix = Math.max(2 - digits.length(), 0);
        return new java.math.BigDecimal(scaled).setScale(fix, java.math.RoundingMode.HALF_EVEN).toPlainString() + suffix;
    }

    /** gguf-py's id_to_title: words title-cased unless already capitalized, version-like or numeric. */
    static String idToTitle(String s) {
        return java.util.Arrays.stream(s.strip().replace('-', ' ').split("\\s+"))
                .filter(w -> !w.isEmpty())
                .map(w -> isLower(w) && !TITLE_EXEMPT.matcher(w).matches() ? pythonTitle(w) : w)
                .collect(Collectors.joining(" "));
    }

    /** Python's str.islower: at least one cased character and none upper case. */
    private static boolean isLower(String w) {
        boolean cased = false;
        for (int i = 0; i < w.length(); i++) {
            char c = w.charAt(i);
            if (Character.isUpperCase(c) || Character.isTitleCase(c)) {
                return false;
            }
            cased |= Character.isLowerCase(c);
        }
        return cased;
    }

    /** Python's str.title: upper-case the first letter of each run of letters, lower-case the rest. */
    private static String pythonTitle(String w) {
        StringBuilder b = new StringBuilder(w.length());
        boolean prevCased = false;
        for (int i = 0; i < w.length(); i++) {
            char c = w.charAt(i);
            b.append(prevCased ? Character.toLowerCase(c) : Character.toTitleCase(c));
            prevCased = Character.isLetter(c);
        }
        return b.toString();
    }

    private record Components(String fullName, String org, String basename, String finetune, String version,
                              String sizeLabel) {
    }

    /** Port of Metadata.get_model_id_components. */
    private static Components components(String modelId, long totalParams) {
        if (modelId.contains(" ")) {
            return new Components(modelId, null, null, null, null, null);
        }
        String org = null;
        String full = modelId;
        int slash = modelId.indexOf('/');
        if (slash >= 0) {
            org = modelId.substring(0, slash);
            full = modelId.substring(slash + 1);
        }
        if (org != null && !org.isEmpty() && org.charAt(0) == '.') {
            org = null;
        }
        List<String> parts = new ArrayList<>();
        for (String p : full.split("-", -1)) {
            if (!p.isEmpty()) {
                parts.add(p);
            }
        }
        List<Set<String>> kinds = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            Set<String> kind = new LinkedHashSet<>();
            kinds.add(kind);
            String part = parts.get(i);
            if (VERSION.matcher(part).matches()) {
                kind.add("version");
            } else if (QUANT_TYPE.matcher(part).matches()) {
                kind.add("type");
                parts.set(i, part.toUpperCase(Locale.ROOT));
            } else if (i > 0 && SIZE.matcher(part).matches()) {
                part = part.replace('_', '.');
                if (Character.isDigit(part.charAt(part.length() - 1)) && part.length() >= 2) {
                    part = part.substring(0, part.length() - 2) + "." + part.charAt(part.length() - 1) + part.charAt(part.length() - 2);
                }
                if (part.length() > 1 && Character.isDigit(part.charAt(part.length() - 2)) && "kmbt".indexOf(part.charAt(part.length() - 1)) >= 0) {
                    part = part.substring(0, part.length() - 1) + Character.toUpperCase(part.charAt(part.length() - 1));
                }
                if (totalParams != 0) {
                    try {
                        double label = Double.parseDouble(part.substring(0, part.length() - 1))
                                * Math.pow(1000, " KMBT".indexOf(part.charAt(part.length() - 1)));
                        if ((totalParams < 0 && label < Math.abs(totalParams) / 8)
                                || (totalParams > 0 && Math.abs(label - totalParams) > 7 * totalParams / 8)) {
                            kind.add("finetune");
                            part = part.substring(0, part.length() - 1) + Character.toLowerCase(part.charAt(part.length() - 1));
                        }
                    } catch (NumberFormatException ignored) {
                        // not a number: used as a size label anyway
                    }
                }
                if (kind.isEmpty()) {
                    kind.add("size_label");
                }
                parts.set(i, part);
            } else if (i > 0 && FINETUNE.matcher(part).matches()) {
                kind.add("finetune");
            }
        }
        boolean numericSize = false;
        for (int i = 0; i < parts.size(); i++) {
            if (kinds.get(i).contains("size_label") && parts.get(i).chars().anyMatch(Character::isDigit)) {
                numericSize = true;
            }
        }
        if (numericSize) {
            for (int i = 0; i < parts.size(); i++) {
                if (kinds.get(i).contains("size_label") && parts.get(i).chars().allMatch(Character::isLetter)) {
                    kinds.get(i).remove("size_label");
                }
            }
        }
        boolean atStart = true;
        for (int i = 0; i < parts.size(); i++) {
            Set<String> k = kinds.get(i);
            if (atStart && ((k.isEmpty() && Character.isLetter(parts.get(i).charAt(0))) || k.contains("version"))) {
                k.add("basename");
            } else {
                atStart = false;
                if (k.isEmpty()) {
                    k.add("finetune");
                }
            }
        }
        for (int i = parts.size() - 1; i >= 0; i--) {
            Set<String> k = kinds.get(i);
            if (k.contains("basename") && k.size() > 1) {
                k.remove("basename");
            } else {
                break;
            }
        }
        String basename = join(parts, kinds, "basename", null);
        String size = String.join("-", new LinkedHashSet<>(select(parts, kinds, "size_label", null)));
        String finetune = join(parts, kinds, "finetune", null);
        String version = join(parts, kinds, "version", "basename");
        size = size.isEmpty() ? null : size;
        if (size == null && finetune == null && version == null) {
            basename = null;
        }
        return new Components(full, org, basename, finetune, version, size);
    }

    private static List<String> select(List<String> parts, List<Set<String>> kinds, String kind, String unless) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            if (kinds.get(i).contains(kind) && (unless == null || !kinds.get(i).contains(unless))) {
                out.add(parts.get(i));
            }
        }
        return out;
    }

    private static String join(List<String> parts, List<Set<String>> kinds, String kind, String unless) {
        String s = String.join("-", select(parts, kinds, kind, unless));
        return s.isEmpty() ? null : s;
    }
}
