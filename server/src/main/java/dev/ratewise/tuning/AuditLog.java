package dev.ratewise.tuning;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.Timestamps;
import dev.ratewise.admin.v1.Approval;
import dev.ratewise.admin.v1.AuditKind;
import dev.ratewise.admin.v1.AuditRecord;
import dev.ratewise.admin.v1.LimitChange;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit trail in SQLite: every tuning cycle, approval decision and manual override as an
 * {@link AuditRecord} in protobuf bytes, with indexed columns for id, time, kind and rules, plus
 * the approvals table that lets pending approvals survive a restart. One thread owns the
 * connection, so writes run in order. A write returns at once (or is dropped when the queue is
 * full), and a read waits until the writes queued before it are done.
 */
public final class AuditLog implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AuditLog.class);
  /** Writes that may wait for the writer thread; more are dropped and counted. */
  private static final int QUEUE_CAPACITY = 10_000;
  /** Maximum wait for a read, and for the queue to drain at close, in seconds. */
  private static final long READ_TIMEOUT_SECONDS = 10;

  private final Path file;
  private final Connection connection;
  private final ThreadPoolExecutor writer;
  private final AtomicLong sequence;
  private final AtomicLong droppedWrites = new AtomicLong();

  private AuditLog(Path file, Connection connection, long lastId) {
    this.file = file;
    this.connection = connection;
    this.sequence = new AtomicLong(lastId);
    this.writer = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
        new ArrayBlockingQueue<>(QUEUE_CAPACITY), runnable -> {
          Thread thread = new Thread(runnable, "ratewise-audit-writer");
          thread.setDaemon(true);
          return thread;
        });
  }

  /** Opens or creates the database, creating its folder when needed. */
  public static AuditLog open(Path file) throws IOException {
    Path folder = file.toAbsolutePath().getParent();
    if (folder != null) {
      Files.createDirectories(folder);
    }
    try {
      Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
      try (Statement statement = connection.createStatement()) {
        statement.execute("PRAGMA journal_mode=WAL");
        statement.execute("CREATE TABLE IF NOT EXISTS audit (id INTEGER PRIMARY KEY,"
            + " time_millis INTEGER NOT NULL, kind TEXT NOT NULL, rules TEXT NOT NULL,"
            + " record BLOB NOT NULL)");
        statement.execute("CREATE INDEX IF NOT EXISTS audit_time ON audit(time_millis, id)");
        statement.execute("CREATE INDEX IF NOT EXISTS audit_kind ON audit(kind, id)");
        statement.execute("CREATE TABLE IF NOT EXISTS approvals (id TEXT PRIMARY KEY,"
            + " rule TEXT NOT NULL, state TEXT NOT NULL, approval BLOB NOT NULL)");
      }
      long lastId;
      try (Statement statement = connection.createStatement();
          ResultSet rows = statement.executeQuery("SELECT COALESCE(MAX(id), 0) FROM audit")) {
        lastId = rows.next() ? rows.getLong(1) : 0;
      }
      log.info("audit trail {} opened with {} records", file, lastId);
      return new AuditLog(file, connection, lastId);
    } catch (SQLException e) {
      throw new IOException("cannot open the audit database " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Numbers a record and queues it for writing. Returns the numbered record at once; when the
   * queue is full the record is dropped, counted and logged, because the loop must not stall.
   */
  public AuditRecord append(AuditRecord record) {
    AuditRecord numbered = record.toBuilder().setId(sequence.incrementAndGet()).build();
    write(() -> insert(numbered), "record " + numbered.getId());
    return numbered;
  }

  /** Queues an insert or update of an approval. */
  public void saveApproval(Approval approval) {
    write(() -> upsert(approval), "approval " + approval.getId());
  }

  /** Returns every stored approval, oldest first. */
  public List<Approval> approvals() {
    return read(() -> {
      List<Approval> approvals = new ArrayList<>();
      try (Statement statement = connection.createStatement();
          ResultSet rows = statement.executeQuery(
              "SELECT approval FROM approvals ORDER BY rowid")) {
        while (rows.next()) {
          approvals.add(Approval.parseFrom(rows.getBytes(1)));
        }
      }
      return approvals;
    });
  }

  /** Returns up to {@code limit} records at or after a time with an id above {@code afterId}. */
  public List<AuditRecord> page(long sinceMillis, long afterId, int limit) {
    return query("SELECT record FROM audit WHERE time_millis >= ? AND id > ? ORDER BY id LIMIT ?",
        sinceMillis, afterId, limit);
  }

  /** Returns the newest records of every kind, newest first. */
  public List<AuditRecord> newest(int limit) {
    return query("SELECT record FROM audit ORDER BY id DESC LIMIT ?", limit);
  }

  /** Returns the newest records of one kind, newest first. */
  public List<AuditRecord> newest(AuditKind kind, int limit) {
    return query("SELECT record FROM audit WHERE kind = ? ORDER BY id DESC LIMIT ?",
        kind.name(), limit);
  }

  /** Returns the newest records that touch a rule, newest first. */
  public List<AuditRecord> newestForRule(String rule, int limit) {
    return query("SELECT record FROM audit WHERE instr(rules, ?) > 0 ORDER BY id DESC LIMIT ?",
        "," + rule + ",", limit);
  }

  /** Returns how many records of a kind are stored. */
  public long count(AuditKind kind) {
    return read(() -> {
      try (PreparedStatement statement = connection.prepareStatement(
          "SELECT COUNT(*) FROM audit WHERE kind = ?")) {
        statement.setString(1, kind.name());
        try (ResultSet rows = statement.executeQuery()) {
          return rows.next() ? rows.getLong(1) : 0L;
        }
      }
    });
  }

  /** Returns how many writes were dropped because the queue was full. */
  public long droppedWrites() {
    return droppedWrites.get();
  }

  /** Writes everything queued, then closes the database. */
  @Override
  public void close() {
    writer.shutdown();
    try {
      if (!writer.awaitTermination(READ_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        log.error("audit writer did not finish within {} s; queued records are lost",
            READ_TIMEOUT_SECONDS);
        writer.shutdownNow();
      }
    } catch (InterruptedException e) {
      writer.shutdownNow();
      Thread.currentThread().interrupt();
    }
    try {
      connection.close();
    } catch (SQLException e) {
      log.warn("closing the audit database {} failed", file, e);
    }
  }

  private interface SqlTask<T> {
    T run() throws SQLException, InvalidProtocolBufferException;
  }

  private void write(SqlTask<?> task, String description) {
    try {
      writer.execute(() -> {
        try {
          task.run();
        } catch (SQLException | InvalidProtocolBufferException e) {
          log.error("audit write of {} to {} failed", description, file, e);
        }
      });
    } catch (RejectedExecutionException e) {
      long dropped = droppedWrites.incrementAndGet();
      log.error("audit queue full or closed; dropped {} ({} dropped so far)", description, dropped);
    }
  }

  private <T> T read(SqlTask<T> task) {
    Callable<T> callable = task::run;
    try {
      Future<T> result = writer.submit(callable);
      return result.get(READ_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading the audit trail", e);
    } catch (ExecutionException | TimeoutException | RejectedExecutionException e) {
      throw new IllegalStateException("reading the audit trail " + file + " failed", e);
    }
  }

  private List<AuditRecord> query(String sql, Object... parameters) {
    return read(() -> {
      List<AuditRecord> records = new ArrayList<>();
      try (PreparedStatement statement = connection.prepareStatement(sql)) {
        for (int i = 0; i < parameters.length; i++) {
          statement.setObject(i + 1, parameters[i]);
        }
        try (ResultSet rows = statement.executeQuery()) {
          while (rows.next()) {
            records.add(AuditRecord.parseFrom(rows.getBytes(1)));
          }
        }
      }
      return records;
    });
  }

  private Void insert(AuditRecord record) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(
        "INSERT INTO audit (id, time_millis, kind, rules, record) VALUES (?, ?, ?, ?, ?)")) {
      statement.setLong(1, record.getId());
      statement.setLong(2, Timestamps.toMillis(record.getTime()));
      statement.setString(3, record.getKind().name());
      statement.setString(4, rulesColumn(record));
      statement.setBytes(5, record.toByteArray());
      statement.executeUpdate();
    }
    return null;
  }

  private Void upsert(Approval approval) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(
        "INSERT INTO approvals (id, rule, state, approval) VALUES (?, ?, ?, ?)"
            + " ON CONFLICT(id) DO UPDATE SET state = excluded.state,"
            + " approval = excluded.approval")) {
      statement.setString(1, approval.getId());
      statement.setString(2, approval.getRule());
      statement.setString(3, approval.getState().name());
      statement.setBytes(4, approval.toByteArray());
      statement.executeUpdate();
    }
    return null;
  }

  /** Returns the rules a record touches as ",a,b,", so a rule matches as ",rule,". */
  static String rulesColumn(AuditRecord record) {
    TreeSet<String> rules = new TreeSet<>();
    switch (record.getEventCase()) {
      case CYCLE -> {
        for (LimitChange change : record.getCycle().getChangesList()) {
          rules.add(change.getRule());
        }
      }
      case APPROVAL -> rules.add(record.getApproval().getRule());
      case OVERRIDE -> rules.add(record.getOverride().getRule());
      default -> { }
    }
    return "," + String.join(",", rules) + ",";
  }
}
