package dev.aggregation.bench.load;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.PutOption;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import dev.aggregation.apiserver.server.SecurePort;
import io.vertx.core.http.HttpServerRequest;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The CREATE-on-etcd ceiling: a minimal Vert.x HTTPS server (the ceilings' TLS options) that, for every request,
 * sends etcd the transaction the apiserver sends for a create (put the key if its create revision is 0) with the
 * stored object's bytes under a fresh key, through one shared jetcd client, and answers the apiserver's recorded
 * 201 when etcd has committed it, on the request's event loop without ever blocking it. No authentication,
 * decoding, admission, encoding or audit: what TLS and HTTP to the client and the gRPC hop to etcd leave of raw
 * jetcd throughput on this machine.
 */
public final class CreateProxyCeiling implements Ceiling {
  private final SecurePort server;
  private final Client etcd;

  private CreateProxyCeiling(SecurePort server, Client etcd) {
    this.server = server;
    this.etcd = etcd;
  }

  /**
   * @param stored the bytes each create puts (what the apiserver stores for one, as the raw baseline writes)
   * @param created the apiserver's answer to a create, sent back for each
   */
  public static CreateProxyCeiling start(Vertx vertx, String etcdEndpoint, byte[] stored, CeilingServer.Canned created)
      throws Exception {
    Client etcd = Client.builder().endpoints(etcdEndpoint).build();
    try {
      Creates creates = new Creates(etcd.getKVClient(), ByteSequence.from(stored), created);
      return new CreateProxyCeiling(CeilingServer.listen(vertx, creates::handle), etcd);
    } catch (Exception e) {
      etcd.close();
      throw e;
    }
  }

  /** What each request does: the create transaction, then the recorded answer. */
  private static final class Creates {
    private final KV kv;
    private final ByteSequence stored;
    private final CeilingServer.Canned created;
    private final AtomicLong next = new AtomicLong();

    Creates(KV kv, ByteSequence stored, CeilingServer.Canned created) {
      this.kv = kv;
      this.stored = stored;
      this.created = created;
    }

    void handle(HttpServerRequest request) {
      request.body()
          .compose(ignored -> {
            // a key per request, shaped like the apiserver's (<prefix>/<group>/<resource>/<namespace>/<name>) but
            // outside its prefix (/registry): the apiserver on the same etcd watches that prefix, and would otherwise
            // take every one of the ceiling's writes (hundreds of thousands in a warm-up) into its watch cache
            ByteSequence key = ByteSequence.from("/ceiling/wardle.example.com/flunders/proxy/load-" + next.getAndIncrement(),
                StandardCharsets.UTF_8);
            return Future.fromCompletionStage(kv.txn()
                .If(new Cmp(key, Cmp.Op.EQUAL, CmpTarget.createRevision(0)))
                .Then(Op.put(key, stored, PutOption.DEFAULT))
                .commit(), Vertx.currentContext());
          })
          .onSuccess(txn -> {
            if (txn.isSucceeded()) {
              request.response().setStatusCode(created.status()).putHeader("Content-Type", created.contentType()).end(created.body());
            } else {
              request.response().setStatusCode(409).end();
            }
          })
          .onFailure(e -> request.response().setStatusCode(500).end(String.valueOf(e)));
    }
  }

  @Override
  public int port() {
    return server.port();
  }

  @Override
  public void close() throws Exception {
    try {
      server.close();
    } finally {
      etcd.close();
    }
  }
}
