package io.datashard.s3;

import io.datashard.io.FileIO;
import io.datashard.io.FileIOContractTest;
import java.util.Map;

/** The core's FileIO contract against S3FileIO on the in-process S3 server. */
class S3FileIOContractTest extends FileIOContractTest {
  @Override
  protected FileIO createFileIO() {
    S3FileIO io = new S3FileIO();
    Map<String, String> properties = S3TestServer.shared().properties();
    io.initialize(properties);
    return io;
  }

  @Override
  protected String newLocationRoot() {
    return S3TestServer.newRoot("contract");
  }
}
