package io.github.washjava.model;

import io.github.washjava.util.AtomicFiles;
import io.github.washjava.util.Json;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.StringTensorDict;
import org.bytedeco.pytorch.Tensor;

/**
 * Writes a model's parameters and buffers in the safetensors format, which any framework reads: an
 * 8-byte little-endian header length, a JSON header naming each tensor's dtype, shape and byte range,
 * then the raw little-endian data. Names are the module's own ({@code conv1.weight},
 * {@code bn1.running_mean}, ...); string metadata goes under {@code __metadata__}.
 */
public final class Safetensors {
    private Safetensors() {
    }

    /** Writes {@code model}'s tensors (parameters, then buffers) to {@code file}, atomically. */
    public static void write(Module model, Map<String, String> metadata, Path file) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("__metadata__", metadata);
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (StringTensorDict named : List.of(model.named_parameters(), model.named_buffers())) {
            for (long i = 0; i < named.size(); i++) {
                String name = named.get(i).key().getString();
                Tensor t = named.get(i).value().contiguous();
                byte[] bytes = bytes(t, name);
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("dtype", t.is_floating_point() ? "F32" : "I64");
                entry.put("shape", t.shape());
                entry.put("data_offsets", List.of(data.size(), data.size() + bytes.length));
                header.put(name, entry);
                data.writeBytes(bytes);
            }
        }
        byte[] json = Json.line(header).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8; // the format lets the header end in spaces; 8 keeps the data aligned
        ByteBuffer out = ByteBuffer.allocate(8 + padded + data.size()).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(padded).put(json);
        for (int i = json.length; i < padded; i++) {
            out.put((byte) ' ');
        }
        out.put(data.toByteArray());
        AtomicFiles.write(file, out.array());
    }

    private static byte[] bytes(Tensor t, String name) {
        int n = Math.toIntExact(t.numel());
        if (t.is_floating_point() && t.element_size() == 4) {
            FloatBuffer src = t.createBuffer();
            ByteBuffer b = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < n; i++) {
                b.putFloat(src.get(i));
            }
            return b.array();
        }
        if (!t.is_floating_point() && t.element_size() == 8) {
            LongBuffer src = t.createBuffer();
            ByteBuffer b = ByteBuffer.allocate(8 * n).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < n; i++) {
                b.putLong(src.get(i));
            }
            return b.array();
        }
        throw new IllegalStateException(name + ": expected a float32 or int64 tensor, found " + t.element_size()
                + "-byte elements");
    }
}
