package io.phi4j.data.curate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hardwood.InputFile;
import dev.hardwood.reader.ParquetFileReader;
import dev.hardwood.reader.RowReader;
import io.phi4j.PhiException;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;

/**
 * Rows of a Parquet file as documents, read with Hardwood (pure Java, no Hadoop): the text column named by
 * {@code field} plus the other top-level columns of simple types (strings, numbers, booleans; dates and
 * timestamps as ISO strings), nested columns left out. Null text rows are skipped as empty documents.
 */
final class ParquetDocuments {
    /** Receives the n-th row (1-based) of a file as a JSON record. */
    interface RowSink {
        void accept(long n, ObjectNode record);
    }

    private ParquetDocuments() {
    }

    static void read(Path file, String field, RowSink sink) {
        try (ParquetFileReader reader = ParquetFileReader.open(InputFile.of(file));
             RowReader rows = reader.rowReader()) {
            if (reader.getFileSchema().getColumns().stream().noneMatch(c -> c.name().equals(field))) {
                throw new PhiException(file + ": no column \"" + field + "\"");
            }
            long n = 0;
            while (rows.hasNext()) {
                rows.next();
                n++;
                ObjectNode rec = Docs.newDoc();
                for (int i = 0; i < rows.getFieldCount(); i++) {
                    String name = rows.getFieldName(i);
                    if (rows.isNull(i)) {
                        continue;
                    }
                    Object v = rows.getValue(i);
                    switch (v) {
                        case String s -> rec.put(name, s);
                        case Integer x -> rec.put(name, x);
                        case Long x -> rec.put(name, x);
                        case Float x -> rec.put(name, x);
                        case Double x -> rec.put(name, x);
                        case Boolean x -> rec.put(name, x);
                        case BigDecimal x -> rec.put(name, x);
                        case byte[] b when name.equals(field) -> rec.put(name, new String(b, java.nio.charset.StandardCharsets.UTF_8));
                        case java.time.temporal.Temporal t -> rec.put(name, t.toString());
                        default -> {
                            // nested or binary columns are not part of a text document
                        }
                    }
                }
                if (rec.get(field) == null) {
                    continue;
                }
                sink.accept(n, rec);
            }
        } catch (IOException e) {
            throw new PhiException(file + ": cannot read Parquet: " + e.getMessage(), e);
        } catch (PhiException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new PhiException(file + ": cannot read Parquet: " + e.getMessage(), e);
        }
    }
}
