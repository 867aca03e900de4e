package org.babelbridge.calls;

import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.babelbridge.db.CallEntity;
import org.babelbridge.db.CallParticipantEntity;
import org.babelbridge.db.CallParticipantRepository;
import org.babelbridge.db.CallRepository;
import org.babelbridge.db.UserEntity;
import org.babelbridge.db.UserRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The call lifecycle of the seed with DESIGN §3's corrections: initiation checks in the seed's order
 * (contact, online, busy), creation with participants, 2-4 participants under a row lock, leave/end with
 * duration, missed calls, mute, crash reconciliation and the per-pair routing plan. The database enforces one
 * active call per user, so racing initiations cannot both succeed. Thread-safe; blocking (JDBC).
 */
@Singleton
public final class CallService {

    public static final int MAX_PARTICIPANTS = 4;
    static final String CRASH_NOTE = "ended at start-up: the server stopped while the call was active";
    static final String SILENT_OWNER_NOTE = "ended: the bridge instance carrying it stopped answering";

    private static final Logger LOG = LoggerFactory.getLogger(CallService.class);
    private static final String ONE_ACTIVE_CALL = "ux_call_participants_one_active_per_user";
    private static final String DEADLOCK = "40P01";

    private final CallRepository calls;
    private final CallParticipantRepository participants;
    private final UserRepository users;
    private final ContactService contacts;
    private final PresenceService presence;
    private final TransactionOperations<Connection> tx;
    private final Clock clock;
    private final BridgeInstance instance;

    public CallService(CallRepository calls, CallParticipantRepository participants, UserRepository users,
                       ContactService contacts, PresenceService presence, TransactionOperations<Connection> tx,
                       Clock clock, BridgeInstance instance) {
        this.calls = calls;
        this.participants = participants;
        this.users = users;
        this.contacts = contacts;
        this.presence = presence;
        this.tx = tx;
        this.clock = clock;
        this.instance = instance;
    }

    /**
     * May {@code callerId} ring {@code calleeId} now? Checks in the seed's order and throws the first failure:
     * NOT_A_CONTACT (403 "Contact not authorized"), OFFLINE (409 "User offline"), BUSY (409 "Already in call").
     */
    public void authorize(long callerId, long calleeId) {
        authorize(callerId, calleeId, true);
    }

    /**
     * As {@link #authorize}, for a callee rung on their phone through a PSTN trunk: being online (registered or
     * connected) does not apply to an ordinary phone, the contact and busy rules do.
     */
    public void authorizeByPhone(long callerId, long calleeId) {
        authorize(callerId, calleeId, false);
    }

    private void authorize(long callerId, long calleeId, boolean calleeMustBeOnline) {
        if (!contacts.mayCall(callerId, calleeId)) {
            throw new RuleViolationException(Violation.NOT_A_CONTACT);
        }
        if (calleeMustBeOnline && !presence.isOnline(calleeId)) {
            throw new RuleViolationException(Violation.OFFLINE);
        }
        if (participants.findActiveByUserId(Math.toIntExact(callerId)).isPresent()
                || participants.findActiveByUserId(Math.toIntExact(calleeId)).isPresent()) {
            throw new RuleViolationException(Violation.BUSY);
        }
    }

    /**
     * Starts an answered call: checks as {@link #authorize}, then creates the call ({@code call_language} = the
     * caller's language) and both participants atomically. BUSY when either joined another call meanwhile.
     */
    public CallSession start(long callerId, long calleeId) {
        return start(callerId, calleeId, true);
    }

    /** As {@link #start}, for a callee who answered their phone through a PSTN trunk ({@link #authorizeByPhone}). */
    public CallSession startByPhone(long callerId, long calleeId) {
        return start(callerId, calleeId, false);
    }

    private CallSession start(long callerId, long calleeId, boolean calleeMustBeOnline) {
        authorize(callerId, calleeId, calleeMustBeOnline);
        try {
            long callId = tx.executeWrite(status -> {
                UserEntity caller = user(callerId);
                UserEntity callee = user(calleeId);
                LocalDateTime now = Times.now(clock);
                CallEntity call = calls.save(new CallEntity(null, caller.id(), caller.primaryLanguage(), true,
                        CallStatus.ONGOING.code(), now, null, null, 2, now, null));
                // insert in id order: two crossing initiations then queue on the same key instead of deadlocking
                List<UserEntity> both = new ArrayList<>(List.of(caller, callee));
                both.sort(Comparator.comparing(UserEntity::id));
                for (UserEntity u : both) {
                    participants.save(participant(call, u, now, null));
                }
                setOwner(status.getConnection(), call.id());
                return (long) call.id();
            });
            return find(callId).orElseThrow();
        } catch (RuntimeException e) {
            throw translateBusy(e);
        }
    }

    /**
     * Records a call nobody answered (status missed, not active, zero duration); both users appear in it as
     * participants who have left.
     */
    public CallSession recordMissed(long callerId, long calleeId) {
        long callId = tx.executeWrite(status -> {
            UserEntity caller = user(callerId);
            UserEntity callee = user(calleeId);
            LocalDateTime now = Times.now(clock);
            CallEntity call = calls.save(new CallEntity(null, caller.id(), caller.primaryLanguage(), false,
                    CallStatus.MISSED.code(), now, now, 0, 2, now, null));
            participants.save(participant(call, caller, now, now));
            participants.save(participant(call, callee, now, now));
            return (long) call.id();
        });
        return find(callId).orElseThrow();
    }

    /**
     * Adds {@code userId} to an active call at the invitation of {@code inviterId}, who must be in it and have the
     * user as a contact. Under a lock of the call row: CALL_NOT_ACTIVE, NOT_A_PARTICIPANT, NOT_A_CONTACT,
     * OFFLINE, CALL_FULL (already 4), BUSY.
     */
    public CallSession addParticipant(long callId, long inviterId, long userId) {
        try {
            tx.executeWrite(status -> {
                CallEntity call = lockActive(callId);
                requireActiveParticipant(callId, inviterId);
                if (!contacts.mayCall(inviterId, userId)) {
                    throw new RuleViolationException(Violation.NOT_A_CONTACT);
                }
                if (!presence.isOnline(userId)) {
                    throw new RuleViolationException(Violation.OFFLINE);
                }
                if (participants.countActiveByCallId(call.id()) >= MAX_PARTICIPANTS) {
                    throw new RuleViolationException(Violation.CALL_FULL, "a call has at most 4 participants");
                }
                if (participants.findActiveByUserId(Math.toIntExact(userId)).isPresent()) {
                    throw new RuleViolationException(Violation.BUSY);
                }
                UserEntity user = user(userId);
                LocalDateTime now = Times.now(clock);
                Optional<CallParticipantEntity> earlier = participants.findByCallIdAndUserId(call.id(), user.id());
                if (earlier.isPresent()) {
                    // rejoining: the seed keeps one row per user per call
                    participants.update(participant(call, user, now, null).withId(earlier.get().id()));
                } else {
                    participants.save(participant(call, user, now, null));
                }
                calls.update(withCount(call, participants.findByCallIdOrderById(call.id()).size()));
                return null;
            });
        } catch (RuntimeException e) {
            throw translateBusy(e);
        }
        return find(callId).orElseThrow();
    }

    /**
     * {@code userId} leaves the call. When fewer than 2 remain the call ends (not active, status ended, ended_at,
     * duration_seconds) and the one left is marked as left too. NOT_FOUND, NOT_A_PARTICIPANT (not in it now).
     */
    public LeaveResult leave(long callId, long userId) {
        return leave(callId, userId, clock.instant());
    }

    /**
     * As {@link #leave(long, long)}, for a leave that happened at {@code at} (one recorded while the database
     * was unavailable and applied later): left_at, ended_at and the duration are taken from it.
     */
    public LeaveResult leave(long callId, long userId, java.time.Instant at) {
        return tx.executeWrite(status -> {
            CallEntity call = calls.findByIdForUpdate(id(callId))
                    .orElseThrow(() -> new RuleViolationException(Violation.NOT_FOUND, "call not found"));
            CallParticipantEntity me = requireActiveParticipant(callId, userId);
            LocalDateTime now = Times.utc(at);
            participants.update(left(me, now));
            List<CallParticipantEntity> remaining = participants.findByCallIdOrderById(call.id()).stream()
                    .filter(p -> p.leftAt() == null).toList();
            List<Long> remainingIds = remaining.stream().map(p -> (long) p.userId()).toList();
            boolean ended = remaining.size() < 2 && Boolean.TRUE.equals(call.isActive());
            if (ended) {
                for (CallParticipantEntity p : remaining) {
                    participants.update(left(p, now));
                }
                calls.update(ended(call, now, call.notes()));
            }
            return new LeaveResult(load(status.getConnection(), call.id()).orElseThrow(), ended, remainingIds);
        });
    }

    /** Mutes or unmutes an active participant: a muted participant's audio reaches nobody. NOT_A_PARTICIPANT. */
    public CallSession setMuted(long callId, long userId, boolean muted) {
        tx.executeWrite(status -> {
            CallParticipantEntity p = requireActiveParticipant(callId, userId);
            participants.update(new CallParticipantEntity(p.id(), p.callId(), p.userId(), p.participantLanguage(),
                    p.joinedAt(), p.leftAt(), muted, p.dubbingRequired(), p.useVoiceClone(), p.voiceCloneQuality(),
                    p.notes()));
            return null;
        });
        return find(callId).orElseThrow();
    }

    /** The call the user is in now, if any. */
    public Optional<CallSession> activeCallOf(long userId) {
        return participants.findActiveByUserId(Math.toIntExact(userId)).flatMap(p -> find(p.callId()));
    }

    public Optional<CallSession> find(long callId) {
        if (callId <= 0 || callId > Integer.MAX_VALUE) {
            return Optional.empty();
        }
        return tx.executeRead(status -> load(status.getConnection(), (int) callId));
    }

    /** Calls the user placed or took part in, newest first. */
    public List<CallSession> history(long userId, int offset, int limit) {
        List<CallEntity> page = calls.findHistoryOf(Math.toIntExact(userId), Math.max(0, offset), clampLimit(limit));
        return tx.executeRead(status -> withParticipants(status.getConnection(), page));
    }

    /** All calls, newest first (admins). */
    public List<CallSession> listAll(int offset, int limit) {
        List<CallEntity> page = calls.listNewestFirst(Math.max(0, offset), clampLimit(limit));
        return tx.executeRead(status -> withParticipants(status.getConnection(), page));
    }

    /**
     * At start-up: ends every call still marked active that this instance owned (its process, which carried the
     * media, is gone), with a note. Calls of other instances sharing the database are left alone; calls recorded
     * before instances were named are taken as this instance's. Returns how many were ended.
     */
    public int reconcileCrashedCalls() {
        int ended = tx.executeWrite(status -> {
            LocalDateTime now = Times.now(clock);
            int count = 0;
            for (CallEntity call : calls.findByIsActive(true)) {
                if (!ownedHere(status.getConnection(), call.id())) {
                    continue;
                }
                for (CallParticipantEntity p : participants.findByCallIdOrderById(call.id())) {
                    if (p.leftAt() == null) {
                        participants.update(left(p, now));
                    }
                }
                calls.update(ended(call, now, CRASH_NOTE));
                count++;
            }
            return count;
        });
        if (ended > 0) {
            LOG.warn("ended {} call(s) left active by a previous run", ended);
        }
        return ended;
    }

    /**
     * Ends the active calls owned by {@code ownerInstance}, another instance found silent (its process, which
     * carried their media, is gone), with a note, so that their participants are no longer busy. Returns how
     * many were ended.
     */
    public int endCallsOf(String ownerInstance) {
        if (ownerInstance == null || ownerInstance.equals(instance.id())) {
            return 0;
        }
        int ended = tx.executeWrite(status -> {
            LocalDateTime now = Times.now(clock);
            int count = 0;
            List<Integer> owned = new ArrayList<>();
            try (PreparedStatement ps = status.getConnection().prepareStatement(
                    "SELECT id FROM calls WHERE is_active AND owner_instance = ? FOR UPDATE")) {
                ps.setString(1, ownerInstance);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        owned.add(rs.getInt(1));
                    }
                }
            }
            for (int callId : owned) {
                CallEntity call = calls.findById(callId).orElseThrow();
                for (CallParticipantEntity p : participants.findByCallIdOrderById(callId)) {
                    if (p.leftAt() == null) {
                        participants.update(left(p, now));
                    }
                }
                calls.update(ended(call, now, SILENT_OWNER_NOTE));
                count++;
            }
            return count;
        });
        if (ended > 0) {
            LOG.warn("ended {} call(s) of bridge instance {}, which stopped answering", ended, ownerInstance);
        }
        return ended;
    }

    /**
     * For each (speaker, listener) pair of active participants: PASSTHROUGH iff same language, else TRANSLATE to
     * the listener's language in the speaker's clone (trained model, quality > 60) or a standard voice.
     * NOT_FOUND when the call does not exist.
     */
    public RoutingPlan routingPlan(long callId) {
        return tx.executeRead(status -> {
            Connection c = status.getConnection();
            if (load(c, id(callId)).isEmpty()) {
                throw new RuleViolationException(Violation.NOT_FOUND, "call not found");
            }
            List<Speaker> speakers = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT p.user_id, p.participant_language, p.is_muted, u.voice_model_trained, u.voice_quality_score
                    FROM call_participants p JOIN users u ON u.id = p.user_id
                    WHERE p.call_id = ? AND p.left_at IS NULL ORDER BY p.id""")) {
                ps.setInt(1, id(callId));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        boolean clone = VoiceCloneQuality.of(rs.getBoolean(4), (Integer) rs.getObject(5))
                                != VoiceCloneQuality.FALLBACK;
                        speakers.add(new Speaker(rs.getLong(1), Language.fromCode(rs.getString(2)),
                                rs.getBoolean(3), clone));
                    }
                }
            }
            List<Route> routes = new ArrayList<>();
            for (Speaker s : speakers) {
                for (Speaker l : speakers) {
                    if (s.userId == l.userId) {
                        continue;
                    }
                    boolean same = s.language == l.language;
                    routes.add(new Route(s.userId, l.userId, s.language, l.language,
                            same ? Route.Kind.PASSTHROUGH : Route.Kind.TRANSLATE,
                            same ? null : s.hasClone ? Route.Voice.SPEAKER_CLONE : Route.Voice.STANDARD, s.muted));
                }
            }
            return new RoutingPlan(callId, routes);
        });
    }

    /** The instance carrying the call's media, if recorded. */
    public Optional<String> ownerOf(long callId) {
        if (callId <= 0 || callId > Integer.MAX_VALUE) {
            return Optional.empty();
        }
        return tx.executeRead(status -> {
            try (PreparedStatement ps = status.getConnection().prepareStatement(
                    "SELECT owner_instance FROM calls WHERE id = ?")) {
                ps.setInt(1, (int) callId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
                }
            }
        });
    }

    private void setOwner(Connection c, int callId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE calls SET owner_instance = ? WHERE id = ?")) {
            ps.setString(1, instance.id());
            ps.setInt(2, callId);
            ps.executeUpdate();
        }
    }

    private boolean ownedHere(Connection c, int callId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT owner_instance IS NULL OR owner_instance = ? FROM calls WHERE id = ?")) {
            ps.setString(1, instance.id());
            ps.setInt(2, callId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    private record Speaker(long userId, Language language, boolean muted, boolean hasClone) {
    }

    private CallEntity lockActive(long callId) {
        CallEntity call = calls.findByIdForUpdate(id(callId))
                .orElseThrow(() -> new RuleViolationException(Violation.NOT_FOUND, "call not found"));
        if (!Boolean.TRUE.equals(call.isActive())) {
            throw new RuleViolationException(Violation.CALL_NOT_ACTIVE);
        }
        return call;
    }

    private CallParticipantEntity requireActiveParticipant(long callId, long userId) {
        return participants.findByCallIdAndUserId(id(callId), Math.toIntExact(userId))
                .filter(p -> p.leftAt() == null)
                .orElseThrow(() -> new RuleViolationException(Violation.NOT_A_PARTICIPANT));
    }

    private UserEntity user(long userId) {
        return users.findById(Math.toIntExact(userId))
                .orElseThrow(() -> new RuleViolationException(Violation.NOT_FOUND, "user not found"));
    }

    private static CallParticipantEntity participant(CallEntity call, UserEntity u, LocalDateTime joinedAt,
                                                     LocalDateTime leftAt) {
        boolean trained = Boolean.TRUE.equals(u.voiceModelTrained());
        return new CallParticipantEntity(null, call.id(), u.id(), u.primaryLanguage(), joinedAt, leftAt, false,
                !u.primaryLanguage().equals(call.callLanguage()), trained,
                VoiceCloneQuality.of(trained, u.voiceQualityScore()).code(), null);
    }

    private static CallParticipantEntity left(CallParticipantEntity p, LocalDateTime now) {
        return new CallParticipantEntity(p.id(), p.callId(), p.userId(), p.participantLanguage(), p.joinedAt(), now,
                p.isMuted(), p.dubbingRequired(), p.useVoiceClone(), p.voiceCloneQuality(), p.notes());
    }

    private static CallEntity ended(CallEntity c, LocalDateTime now, String notes) {
        int seconds = (int) Math.max(0, Duration.between(c.startedAt(), now).toSeconds());
        return new CallEntity(c.id(), c.callerUserId(), c.callLanguage(), false, CallStatus.ENDED.code(),
                c.startedAt(), now, seconds, c.participantCount(), c.createdAt(), notes);
    }

    private static CallEntity withCount(CallEntity c, int count) {
        return new CallEntity(c.id(), c.callerUserId(), c.callLanguage(), c.isActive(), c.status(), c.startedAt(),
                c.endedAt(), c.durationSeconds(), count, c.createdAt(), c.notes());
    }

    private static int id(long callId) {
        if (callId <= 0 || callId > Integer.MAX_VALUE) {
            throw new RuleViolationException(Violation.NOT_FOUND, "call not found");
        }
        return (int) callId;
    }

    private static int clampLimit(int limit) {
        return Math.max(1, Math.min(limit, 200));
    }

    private static RuntimeException translateBusy(RuntimeException e) {
        if (e instanceof RuleViolationException) {
            return e;
        }
        if (SqlErrors.isUniqueViolation(e, ONE_ACTIVE_CALL) || hasState(e, DEADLOCK)) {
            return new RuleViolationException(Violation.BUSY);
        }
        return e;
    }

    private static boolean hasState(Throwable e, String state) {
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof SQLException sql && state.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private Optional<CallSession> load(Connection c, int callId) throws SQLException {
        Optional<CallEntity> call = calls.findById(callId);
        if (call.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(withParticipants(c, List.of(call.get())).get(0));
    }

    private static List<CallSession> withParticipants(Connection c, List<CallEntity> page) throws SQLException {
        if (page.isEmpty()) {
            return List.of();
        }
        Map<Integer, List<CallParticipant>> byCall = new LinkedHashMap<>();
        page.forEach(call -> byCall.put(call.id(), new ArrayList<>()));
        Array ids = c.createArrayOf("integer", byCall.keySet().toArray());
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT p.call_id, p.user_id, u.full_name, p.participant_language, p.joined_at, p.left_at,
                       p.is_muted, p.dubbing_required, p.use_voice_clone, p.voice_clone_quality
                FROM call_participants p LEFT JOIN users u ON u.id = p.user_id
                WHERE p.call_id = ANY (?) ORDER BY p.id""")) {
            ps.setArray(1, ids);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byCall.get(rs.getInt(1)).add(new CallParticipant(rs.getLong(2), rs.getString(3),
                            Language.fromCode(rs.getString(4)), instant(rs.getTimestamp(5)),
                            instant(rs.getTimestamp(6)), rs.getBoolean(7), rs.getBoolean(8), rs.getBoolean(9),
                            VoiceCloneQuality.fromCode(rs.getString(10))));
                }
            }
        }
        List<CallSession> result = new ArrayList<>(page.size());
        for (CallEntity call : page) {
            result.add(new CallSession(call.id(), call.callerUserId() == null ? null : (long) call.callerUserId(),
                    Language.fromCode(call.callLanguage()), CallStatus.fromCode(call.status()),
                    Boolean.TRUE.equals(call.isActive()), Times.instant(call.startedAt()),
                    Times.instant(call.endedAt()), call.durationSeconds(),
                    call.participantCount() == null ? 0 : call.participantCount(), call.notes(),
                    List.copyOf(byCall.get(call.id()))));
        }
        return result;
    }

    private static java.time.Instant instant(Timestamp t) {
        return t == null ? null : Times.instant(t.toLocalDateTime());
    }
}
