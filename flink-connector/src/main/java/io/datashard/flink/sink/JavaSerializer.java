package io.datashard.flink.sink;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * Serializes write results and committables with Java serialization: {@link io.datashard.DataFile}
 * is {@link Serializable} and carries every field the commit needs. Version 1.
 */
final class JavaSerializer<T extends Serializable> implements SimpleVersionedSerializer<T>, Serializable {
  private static final long serialVersionUID = 1L;
  private static final int VERSION = 1;
  private final Class<T> type;

  JavaSerializer(Class<T> type) {
    this.type = type;
  }

  @Override
  public int getVersion() {
    return VERSION;
  }

  @Override
  public byte[] serialize(T value) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    }
    return bytes.toByteArray();
  }

  @Override
  public T deserialize(int version, byte[] serialized) throws IOException {
    if (version != VERSION) {
      throw new IOException("Cannot read a serialized " + type.getSimpleName() + " of version " + version
          + ": this connector reads version " + VERSION);
    }
    // the connector's class loader, not the thread's: in a user-code class loader both see DataFile
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(serialized)) {
      @Override
      protected Class<?> resolveClass(java.io.ObjectStreamClass desc) throws IOException, ClassNotFoundException {
        try {
          return Class.forName(desc.getName(), false, JavaSerializer.class.getClassLoader());
        } catch (ClassNotFoundException e) {
          return super.resolveClass(desc);
        }
      }
    }) {
      return type.cast(in.readObject());
    } catch (ClassNotFoundException e) {
      throw new IOException("Cannot read a serialized " + type.getSimpleName() + ": " + e.getMessage(), e);
    }
  }
}
