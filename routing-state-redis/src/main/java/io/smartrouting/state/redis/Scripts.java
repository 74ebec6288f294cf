package io.smartrouting.state.redis;

/** The Lua scripts; each runs atomically in Redis. Keys of one tenant share a hash tag, so one cluster slot. */
final class Scripts {

  private Scripts() {}

  /**
   * {@code script} (one that releases, {@link #RELEASE_ONE}) keeping released leads for {@code keepMillis}
   * milliseconds (0: deleted at once, as the constants do).
   */
  static String keeping(String script, long keepMillis) {
    String placeholder = "local keepReleasedMs = 0 --[[keep]]";
    if (!script.contains(placeholder)) {
      throw new IllegalArgumentException("not a releasing script");
    }
    return script.replace(placeholder, "local keepReleasedMs = " + keepMillis);
  }

  /**
   * Lua: change logs, each a sorted set of names (reps, outcome counters) scored by the sequence number of the script
   * that changed them last, with its counter and epoch. {@code fileChange(logKey, seqKey, epochKey, name)} files a
   * name under this script's number for that log (one number per script and log). A log is this server's own: not
   * sent to replicas or the append-only file, so a promoted replica or a restarted server has none, and a log that
   * starts (again) gets a new epoch, so that readers of an older one read everything once.
   * {@code logSince(logKey, seqKey, epochKey, last, seenEpoch)} answers the number now, the epoch, and the names
   * changed after {@code last}: all of them for a reader with no epoch yet, false for a reader of another epoch (or
   * one ahead of the counter), which must read everything itself, since changes it had not read are in no log.
   */
  static final String CHANGE_LOG = """
      local logSeqs = {}
      local function fileChange(logKey, seqKey, epochKey, name)
        redis.set_repl(redis.REPL_NONE)
        local seq = logSeqs[logKey]
        if not seq then
          local fresh = redis.call('EXISTS', logKey) == 0
          seq = redis.call('INCR', seqKey)
          if seq == 1 or fresh then
            local t = redis.call('TIME')
            redis.call('SET', epochKey, t[1] .. '.' .. t[2] .. '.' .. seq)
          end
          logSeqs[logKey] = seq
        end
        redis.call('ZADD', logKey, seq, name)
        redis.set_repl(redis.REPL_ALL)
      end
      local function logSince(logKey, seqKey, epochKey, last, seenEpoch)
        local now = tonumber(redis.call('GET', seqKey) or '0')
        local epoch = redis.call('GET', epochKey) or ''
        if seenEpoch ~= '' and (epoch ~= seenEpoch or now < last) then
          return now, epoch, false
        end
        if epoch ~= seenEpoch then
          last = 0
        end
        if now == last then
          return now, epoch, {}
        end
        return now, epoch, redis.call('ZRANGEBYSCORE', logKey, '(' .. last, '+inf')
      end
      """;

  /**
   * Lua: what the refreshers read. {@code noteOpen(anyKey, rep)} records that rep {@code rep}'s open set changed, and
   * {@code noteResponses(anyKey, rep, statsKey)} copies the rep's response count and sum into the tenant's
   * {@code responses} hash ({@code anyKey}: any key of the tenant, which names it). Every script that changes an open
   * set or the response statistics calls them.
   *
   * <p>Both file the rep in the tenant's change log ({@link #CHANGE_LOG}): the sorted set {@code changes}, with its
   * counter {@code seq} and {@code epoch}. A node refreshes its view with the reps changed since the sequence number it last read ({@link #CHANGES_SINCE}), so an
   * idle node costs Redis next to nothing whatever the roster's size: reading every rep's notes every 100 ms took 42%
   * of a Redis core per node at 100,000 reps. The log holds each rep once, so it grows with the roster, not with
   * time; it replaces a hash of open counts, so a decision writes no more than before (units are read from the open
   * sets themselves).
   */
  static final String NOTES = CHANGE_LOG + """
      local tenantPrefix
      local function tenantKey(anyKey, name)
        -- Keys are sr:{tenant}:..., and a tenant id has no '}'.
        tenantPrefix = tenantPrefix or string.sub(anyKey, 1, string.find(anyKey, '}', 1, true) + 1)
        return tenantPrefix .. name
      end
      local function changed(anyKey, rep)
        fileChange(tenantKey(anyKey, 'changes'), tenantKey(anyKey, 'seq'), tenantKey(anyKey, 'epoch'), rep)
      end
      local function noteOpen(anyKey, rep)
        changed(anyKey, rep)
      end
      local function noteResponses(anyKey, rep, statsKey)
        local s = redis.call('HMGET', statsKey, 'n', 'sum')
        if s[1] then
          redis.call('HSET', tenantKey(anyKey, 'responses'), rep, s[1] .. ':' .. (s[2] or '0'))
          changed(anyKey, rep)
        end
      end
      """;

  /**
   * Lua: {@code viewOf(ids, openPrefix, responsesKey, takenKey)}: per rep, in the order of {@code ids}, its open units,
   * its noted "n:sum" and its noted cap counts ({@code <period>:<count>,...}, {@link #RESERVATION_TERMS}; nil where
   * nothing is noted; an empty list when no rep of the tenant has a count), as three lists: values only, so that the
   * caller reads them in its own order without a string per rep.
   */
  static final String VIEW_OF = """
      local function notedOf(hash, ids)
        local out = {}
        for from = 1, #ids, 1000 do
          local to = math.min(#ids, from + 999)
          local r = redis.call('HMGET', hash, unpack(ids, from, to))
          for j = 1, #r do
            out[from + j - 1] = r[j]
          end
        end
        return out
      end
      local function viewOf(ids, openPrefix, responsesKey, takenKey)
        local counts = {}
        for i = 1, #ids do
          counts[i] = redis.call('SCARD', openPrefix .. ids[i])
        end
        local taken = {}
        if redis.call('EXISTS', takenKey) == 1 then
          taken = notedOf(takenKey, ids)
        end
        return counts, notedOf(responsesKey, ids), taken
      end
      """;

  /**
   * KEYS: the tenant's {@code changes}, {@code responses}, {@code epoch}, {@code seq} ({@link #NOTES}) and
   * {@code taken} ({@link #RESERVATION_TERMS}). ARGV: the sequence number and epoch the caller read last (0 and '' for
   * none), the key prefix of open sets. Returns {the sequence number now, the epoch} if no rep changed since, {now,
   * epoch, rep ids, their units, their "n:sum", their cap counts} (as {@link #VIEW_OF}) if some did, and {now, epoch,
   * false} if the caller must read every rep ({@link #CHANGE_LOG}).
   */
  static final String CHANGES_SINCE = CHANGE_LOG + VIEW_OF + """
      local now, epoch, ids = logSince(KEYS[1], KEYS[4], KEYS[3], tonumber(ARGV[1]), ARGV[2])
      if not ids then
        return {now, epoch, false}
      end
      if #ids == 0 then
        return {now, epoch}
      end
      local counts, responses, taken = viewOf(ids, ARGV[3], KEYS[2], KEYS[5])
      return {now, epoch, ids, counts, responses, taken}
      """;

  /** KEYS: a change log's counter and epoch ({@link #CHANGE_LOG}). Returns {its sequence number now, its epoch}. */
  static final String LOG_HEAD = """
      return {tonumber(redis.call('GET', KEYS[1]) or '0'), redis.call('GET', KEYS[2]) or ''}
      """;

  /**
   * KEYS: the tenant's {@code responses} and {@code taken} hashes ({@link #NOTES}, {@link #RESERVATION_TERMS}). ARGV:
   * the key prefix of open sets, {@link MsgPack} rep ids (the reps a node has just come to know). Returns {units per
   * rep, "n:sum" per rep, cap counts per rep} ({@link #VIEW_OF}).
   */
  static final String CHANGED_VIEW = VIEW_OF + """
      local counts, responses, taken = viewOf(cmsgpack.unpack(ARGV[2]), ARGV[1], KEYS[1], KEYS[2])
      return {counts, responses, taken}
      """;

  /**
   * Lua, after {@link #NOTES}: a rep's caps, and the lead's contact. A reservation's limit argument is {@code limit}
   * or {@code limit:day:cap}, with up to two more {@code :day:cap} pairs for a rep with caps of several periods (each
   * day a period number of the caller's: the rep's own epoch day, or a week's or a month's number), either followed by
   * {@code |keys} (the lead's contact and company keys in hex, comma-separated, {@link RedisStateStore#noteContact});
   * {@code dayLimits(arg)} splits it into limit, the periods and the caps (two lists, nil: no cap) and keys (nil:
   * none).
   * A period's count is {@code day:<rep>:<day>} in the tenant, kept two days (a week's, whose numbers start at
   * {@link io.smartrouting.core.state.RepState#WEEKS}, nine; a month's, from
   * {@link io.smartrouting.core.state.RepState#MONTHS}, 33): {@code dayCounts(anyKey, rep, days, caps)} says whether
   * one of them has reached its cap, with their counts; {@code countDay(...)} counts one in each, notes the counts
   * after in the tenant's {@code taken} hash ({@code <period>:<count>,...} by rep, which the views read with the units,
   * {@link #VIEW_OF}) and returns them.
   */
  static final String RESERVATION_TERMS = """
      local parsedTerms, tLimit, tDays, tCaps, tContact
      local function dayLimits(arg)
        if arg == parsedTerms then
          return tLimit, tDays, tCaps, tContact
        end
        parsedTerms = arg
        tLimit, tDays, tCaps, tContact = tonumber(arg), nil, nil, nil
        if not tLimit then
          -- Only with a cap or a contact: a plain limit costs no pattern.
          local terms, contact = string.match(arg, '^([^|]*)|([%x,]+)$')
          tContact = contact
          terms = terms or arg
          local l, rest = string.match(terms, '^(%-?%d+):(.+)$')
          if l then
            tLimit, tDays, tCaps = tonumber(l), {}, {}
            for d, c in string.gmatch(rest, '(%-?%d+):(%d+)') do
              tDays[#tDays + 1] = d
              tCaps[#tCaps + 1] = tonumber(c)
            end
          else
            tLimit = tonumber(terms)
          end
        end
        return tLimit, tDays, tCaps, tContact
      end
      local function dayCounts(anyKey, rep, days, caps)
        local counts, full = {}, false
        for i = 1, #days do
          local t = tonumber(redis.call('GET', tenantKey(anyKey, 'day:' .. rep .. ':' .. days[i])) or '0')
          counts[i] = t
          if t >= caps[i] then
            full = true
          end
        end
        return full, counts
      end
      local function countDay(anyKey, rep, days, caps)
        local out, note = {}, {}
        for i = 1, #(days or {}) do
          local k = tenantKey(anyKey, 'day:' .. rep .. ':' .. days[i])
          local t = redis.call('INCR', k)
          if t == 1 then
            -- A day's count is kept two days, a week's (numbers from 2^40 on) nine, a month's (from 2^41) 33.
            local n = tonumber(days[i])
            redis.call('PEXPIRE', k, n >= 2199023255552 and 2851200000 or n >= 1099511627776 and 777600000
                or 172800000)
          end
          out[i] = t
          note[i] = days[i] .. ':' .. t
        end
        if #note > 0 then
          -- For the other nodes' views: the counts after, read with the rep's units when the change log names it.
          redis.call('HSET', tenantKey(anyKey, 'taken'), rep, table.concat(note, ','))
        end
        return out
      end
      """;

  /**
   * Lua: {@code contactLead(key, since)} for a contact's key ({@code contact:<hex>}, a sorted set of its latest 64
   * leads by placement time, kept 30 days after the latest; a company's leads are kept under its key the same way) and
   * the earliest closing time of a closed lead to answer (epoch milliseconds, or nil for open leads only). Returns
   * the lead id, its rep and its hash for the latest of its leads that is open with a rep; else, with {@code since},
   * the same of the released lead ({@code released:<id>}, kept while the store keeps released leads) with a rep closed
   * last, at or after that time (by its last assignment, if released without a closing time); else nil. Leads
   * neither open nor kept are taken out of the set (at most 16 looked at).
   */
  private static final String CONTACT_LEAD_FN = """
      local function contactLead(key, since, moved)
        local ids = redis.call('ZREVRANGE', key, 0, 15)
        local prefix = string.sub(key, 1, string.find(key, '}', 1, true) + 1)
        local closedId, closedRep, closedAt
        for _, id in ipairs(ids) do
          local h = redis.call('HGETALL', prefix .. 'lead:' .. id)
          if #h == 0 then
            local kept = redis.call('HMGET', prefix .. 'released:' .. id, 'rep', 'at', 'closed')
            if not kept[1] then
              redis.call('ZREM', key, id)
            elseif since and kept[1] ~= '' then
              -- The one closed last (placed last, on a tie) within the look-back.
              local t = tonumber(kept[3] or kept[2] or '0')
              if t >= since and (not closedAt or t > closedAt) then
                closedId, closedRep, closedAt = id, kept[1], t
              end
            end
          elseif moved and moved[id] then
            -- A move a preview made (not in Redis): its rep, or '' for a queue.
            if moved[id] ~= '' then
              return id, moved[id], h
            end
          else
            for i = 1, #h, 2 do
              if h[i] == 'rep' and h[i + 1] ~= '' then
                return id, h[i + 1], h
              end
            end
          end
        end
        if closedId then
          return closedId, closedRep, redis.call('HGETALL', prefix .. 'released:' .. closedId)
        end
        return nil
      end
      """;

  /**
   * KEYS: a contact's key. ARGV (optional): the earliest closing time of a closed lead to answer. Returns
   * {lead id, its hash} as {@link #CONTACT_LEAD_FN} finds it, else false.
   */
  static final String CONTACT_LEAD = CONTACT_LEAD_FN + """
      local id, _, h = contactLead(KEYS[1], tonumber(ARGV[1] or ''))
      if id then
        return {id, h}
      end
      return false
      """;

  /**
   * KEYS: the lead hash, the released lead's hash ({@code released:<id>}). ARGV: lead id. Erases a lead that is not
   * open: takes it off the contact keys its kept hash names ({@code ck}) and deletes that hash. Returns -1 if the lead
   * is open (nothing changed), else 1 if a released lead was kept, 0 if not.
   */
  static final String ERASE_LEAD = NOTES + """
      if redis.call('EXISTS', KEYS[1]) == 1 then
        return -1
      end
      for hex in string.gmatch(redis.call('HGET', KEYS[2], 'ck') or '', '%x+') do
        redis.call('ZREM', tenantKey(KEYS[2], 'contact:' .. hex), ARGV[1])
      end
      return redis.call('DEL', KEYS[2])
      """;

  /**
   * KEYS: the lead hash, then the keys it belongs under now ({@code contact:<hex>}). ARGV: lead id, its placement time
   * (epoch milliseconds). Takes the lead off the keys its placement noted ({@code ck} in its hash, hex,
   * comma-separated) that are not among those, lists it on those as a placement script would (the latest 64 kept, 30
   * days after the latest) and notes them in its hash. Nothing for a lead that is not open. Returns how many keys it
   * left.
   */
  static final String MOVE_NOTES = """
      if redis.call('EXISTS', KEYS[1]) == 0 then
        return 0
      end
      -- Keys are sr:{tenant}:..., and a tenant id has no '}'.
      local tenantPrefix = string.sub(KEYS[1], 1, string.find(KEYS[1], '}', 1, true) + 1)
      local id, at = ARGV[1], ARGV[2]
      local now, hexes = {}, {}
      for k = 2, #KEYS do
        local hex = string.match(KEYS[k], '(%x+)$')
        now[hex] = true
        hexes[#hexes + 1] = hex
      end
      local left = 0
      for hex in string.gmatch(redis.call('HGET', KEYS[1], 'ck') or '', '%x+') do
        if not now[hex] then
          redis.call('ZREM', tenantPrefix .. 'contact:' .. hex, id)
          left = left + 1
        end
      end
      for k = 2, #KEYS do
        redis.call('ZADD', KEYS[k], at, id)
        redis.call('ZREMRANGEBYRANK', KEYS[k], 0, -65)
        redis.call('PEXPIRE', KEYS[k], 2592000000)
      end
      if #hexes > 0 then
        redis.call('HSET', KEYS[1], 'ck', table.concat(hexes, ','))
      else
        redis.call('HDEL', KEYS[1], 'ck')
      end
      return left
      """;

  /**
   * KEYS: several contact keys. ARGV: per key, the earliest closing time of a closed lead to answer ('' for open
   * leads only), then the id of the lead being routed, then (for a preview of several moves) pairs of a lead id and
   * the rep a previewed move gives it ('' for a queue), read in place of the lead's own. Returns per key the rep as
   * {@link #CONTACT_LEAD_FN} finds it, '' for none, or when the key's latest open lead is the lead being routed and
   * only open leads were asked for.
   */
  static final String CONTACT_REPS = CONTACT_LEAD_FN + """
      local out = {}
      local excluded = ARGV[#KEYS + 1]
      local moved
      for a = #KEYS + 2, #ARGV, 2 do
        moved = moved or {}
        moved[ARGV[a]] = ARGV[a + 1]
      end
      for k = 1, #KEYS do
        local since = tonumber(ARGV[k])
        local id, rep = contactLead(KEYS[k], since, moved)
        if not id or (not since and id == excluded) then
          rep = ''
        end
        out[k] = rep
      end
      return out
      """;

  /**
   * KEYS: rep's open set, lead's reservation set. ARGV: lead id, limit (-1: no limit; or {@code limit:day:cap...},
   * {@link #RESERVATION_TERMS}), rep id.
   * Returns {reserved 0/1, open count} and, with caps, each period's count after (before, when refused for one).
   * Reserving a lead the rep already holds takes nothing, and succeeds unless the rep is above the limit (then that
   * lead's unit was a forced override, which a limited reservation may not share).
   */
  static final String RESERVE = NOTES + RESERVATION_TERMS + """
      local limit, days, caps = dayLimits(ARGV[2])
      if redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 1 then
        local held = redis.call('SCARD', KEYS[1])
        if limit >= 0 and held > limit then
          return {0, held}
        end
        return {1, held}
      end
      local n = redis.call('SCARD', KEYS[1])
      if limit >= 0 and n >= limit then
        return {0, n}
      end
      if days then
        local full, counts = dayCounts(KEYS[1], ARGV[3], days, caps)
        if full then
          return {0, n, unpack(counts)}
        end
      end
      redis.call('SADD', KEYS[1], ARGV[1])
      redis.call('SADD', KEYS[2], ARGV[3])
      noteOpen(KEYS[1], ARGV[3])
      return {1, n + 1, unpack(countDay(KEYS[1], ARGV[3], days, caps))}
      """;

  /** KEYS: rep's open set, lead's reservation set. ARGV: lead id, rep id. Returns {released 0/1, open count}. */
  static final String RELEASE = NOTES + """
      local r = redis.call('SREM', KEYS[1], ARGV[1])
      redis.call('SREM', KEYS[2], ARGV[2])
      local n = redis.call('SCARD', KEYS[1])
      if r == 1 then
        noteOpen(KEYS[1], ARGV[2])
      end
      return {r, n}
      """;

  /**
   * Lua: the tenant's index of open leads with an SLA deadline or in a queue, {@code sr:{tenant}:timed}: a sorted set
   * of lead ids scored by a tenant sequence ({@code timedseq}) taken each time such a placement is written (placed or
   * moved), so that the timer-lease holder reads only what was written since its last read
   * ({@link RedisStateStore#timedPlacementsSince}). {@code noteTimed(leadKey, id, sla, queue, tier, at)} enters the
   * lead when it has a deadline or a queue and says whether it did; a release or removal takes it out. It also enters
   * a lead placed in a queue in the tenant's claim order of queued leads, {@code sr:{tenant}:claims}, a sorted set of
   * {@code claimEntry(id, queue)} (the lead id, a zero byte, the queue's name) scored by {@code claimScore(tier, at)}
   * (highest tier first, then the oldest placement; equal scores in id order), which claims walk a page at a time
   * ({@link RedisStateStore#queuedLeadIds}) and the queue metrics read without the leads' hashes
   * ({@link RedisStateStore#queueDepths}); {@code unclaim(anyKey, id, queue)} takes an entry out. A lead is taken out
   * when a move gives it a rep or another queue ({@link #SWAP}), a release or a removal (and by the reader,
   * {@link #PRUNE_QUEUED}, for one a node of an older version moved), so that a decision placing a lead with a rep
   * writes nothing to it. (Until 6 December it was the unordered set {@code queued}, which a claim read whole to sort
   * it.) Beside it, each queue's waiting leads in the same order, {@code sr:{tenant}:wait:<queue>} (lead ids, scored
   * as their entries), and the set of queues with a lead waiting, {@code sr:{tenant}:queues}, kept by the same two
   * functions: a queue's depth and longest wait are a few reads of its own ({@link #QUEUE_DEPTHS}), and a claim from
   * one queue reads that queue's head ({@link #QUEUE_HEAD}), not every waiting lead.
   */
  static final String TIMED = """
      local function tenantPrefixOf(anyKey)
        -- Keys are sr:{tenant}:..., and a tenant id has no '}'.
        return string.sub(anyKey, 1, string.find(anyKey, '}', 1, true) + 1)
      end
      local function leadIdOf(leadKey)
        -- A lead's hash is sr:{tenant}:lead:<id>.
        return string.sub(leadKey, #tenantPrefixOf(leadKey) + 6)
      end
      local function claimScore(tier, at)
        -- TIER_1 first; milliseconds below 2^42 (until the year 2109), so the sum stays an exact double.
        return (tonumber(string.sub(tier, 6)) - 1) * 4398046511104 + tonumber(at)
      end
      local function claimEntry(id, queue)
        return id .. '\\0' .. queue
      end
      local function unwait(p, id, queue)
        local k = p .. 'wait:' .. queue
        if redis.call('ZREM', k, id) == 1 and redis.call('EXISTS', k) == 0 then
          redis.call('SREM', p .. 'queues', queue)
        end
      end
      local function unclaim(anyKey, id, queue)
        if queue and queue ~= '' then
          local p = tenantPrefixOf(anyKey)
          redis.call('ZREM', p .. 'claims', claimEntry(id, queue))
          unwait(p, id, queue)
        end
      end
      local function noteTimed(leadKey, id, sla, queue, tier, at)
        if (sla and sla ~= '') or (queue and queue ~= '') then
          local p = tenantPrefixOf(leadKey)
          redis.call('ZADD', p .. 'timed', redis.call('INCR', p .. 'timedseq'), id)
          if queue and queue ~= '' then
            redis.call('ZADD', p .. 'claims', claimScore(tier, at), claimEntry(id, queue))
            redis.call('ZADD', p .. 'wait:' .. queue, claimScore(tier, at), id)
            redis.call('SADD', p .. 'queues', queue)
          end
          return true
        end
        return false
      end
      """;

  /**
   * KEYS: the claim order of queued leads, then the lead hashes of ARGV's lead ids. Enters each lead that waits in a
   * queue now, as its hash says, as the placement scripts would ({@code claimEntry}, {@code claimScore}): filling the
   * claim order of a tenant written before it from ids read earlier, so a lead that left its queue since is not
   * entered (an entry it already has is kept as it is).
   */
  static final String FILL_CLAIMS = TIMED + """
      for i = 1, #ARGV do
        local h = redis.call('HMGET', KEYS[i + 1], 'queue', 'tier', 'at')
        if h[1] and h[1] ~= '' and h[2] and h[3] then
          redis.call('ZADD', KEYS[1], claimScore(h[2], h[3]), claimEntry(ARGV[i], h[1]))
        end
      end
      return #ARGV
      """;

  /**
   * KEYS: the timed index, then the lead hashes of ARGV's lead ids. Takes out of the index each lead whose hash is
   * gone (entered by a placement and released by a node of a version without the index); one placed again meanwhile
   * keeps its entry.
   */
  static final String PRUNE_TIMED = """
      for i = 1, #ARGV do
        if redis.call('EXISTS', KEYS[i + 1]) == 0 then
          redis.call('ZREM', KEYS[1], ARGV[i])
        end
      end
      return #ARGV
      """;

  /**
   * KEYS: the claim order of queued leads, then the lead hashes of the entries' leads. ARGV: the entries
   * ({@code claimEntry}, {@link #TIMED}). Takes out each entry whose lead is no longer in that queue (given to a rep,
   * moved to another queue, or gone); one queued there again meanwhile keeps its entry.
   */
  static final String PRUNE_QUEUED = TIMED + """
      for i = 1, #ARGV do
        local queue = redis.call('HGET', KEYS[i + 1], 'queue')
        local id = leadIdOf(KEYS[i + 1])
        if not queue or queue == '' or claimEntry(id, queue) ~= ARGV[i] then
          redis.call('ZREM', KEYS[1], ARGV[i])
          unwait(tenantPrefixOf(KEYS[1]), id, string.sub(ARGV[i], #id + 2))
        end
      end
      return #ARGV
      """;

  /**
   * KEYS: the claim order, the set of queues with a lead waiting. Each queue's depth and the queuing time of its
   * longest waiting lead, from the queue's own sorted set ({@link #TIMED}; its first of each tier). Returns the claim
   * order's size, the sum of the depths (the caller rebuilds the queues' sets with {@link #REBUILD_WAITS} when the two
   * differ: a tenant written before the sets, or a node of an older version moving leads), then per queue with a lead
   * waiting: its name, its depth and that time (epoch milliseconds).
   */
  static final String QUEUE_DEPTHS = TIMED + """
      local p = tenantPrefixOf(KEYS[1])
      local span = 4398046511104
      local out, sum = {redis.call('ZCARD', KEYS[1]), 0}, 0
      for _, queue in ipairs(redis.call('SMEMBERS', KEYS[2])) do
        local k = p .. 'wait:' .. queue
        local n = redis.call('ZCARD', k)
        if n > 0 then
          -- Scored tier first: the longest wait is the earliest of each tier's first.
          local oldest
          for t = 0, 2 do
            local first = redis.call('ZRANGEBYSCORE', k, t * span, '(' .. ((t + 1) * span), 'WITHSCORES', 'LIMIT', 0,
                1)
            if first[2] then
              local at = tonumber(first[2]) - t * span
              if not oldest or at < oldest then
                oldest = at
              end
            end
          end
          out[#out + 1] = queue
          out[#out + 1] = n
          out[#out + 1] = oldest
          sum = sum + n
        end
      end
      out[2] = sum
      return out
      """;

  /**
   * KEYS: the claim order, the set of queues with a lead waiting, one queue's sorted set of waiting leads. ARGV: the
   * last rank to read (-1 for all). The head of that queue in claim order ({@link #TIMED}), or nil when the queues'
   * sets do not add up to the claim order (the caller makes them anew with {@link #REBUILD_WAITS}, as
   * {@link #QUEUE_DEPTHS} does).
   */
  static final String QUEUE_HEAD = TIMED + """
      local p = tenantPrefixOf(KEYS[1])
      local sum = 0
      for _, queue in ipairs(redis.call('SMEMBERS', KEYS[2])) do
        sum = sum + redis.call('ZCARD', p .. 'wait:' .. queue)
      end
      if sum ~= redis.call('ZCARD', KEYS[1]) then
        return false
      end
      return redis.call('ZRANGE', KEYS[3], 0, tonumber(ARGV[1]))
      """;

  /**
   * KEYS: the claim order, the set of queues with a lead waiting. Makes each queue's sorted set of waiting leads anew
   * from the claim order's entries ({@link #TIMED}). Returns how many leads it entered.
   */
  static final String REBUILD_WAITS = TIMED + """
      local p = tenantPrefixOf(KEYS[1])
      for _, queue in ipairs(redis.call('SMEMBERS', KEYS[2])) do
        redis.call('DEL', p .. 'wait:' .. queue)
      end
      redis.call('DEL', KEYS[2])
      local entries = redis.call('ZRANGE', KEYS[1], 0, -1, 'WITHSCORES')
      for i = 1, #entries, 2 do
        local entry = entries[i]
        local cut = string.find(entry, '\\0', 1, true)
        if cut then
          local queue = string.sub(entry, cut + 1)
          redis.call('ZADD', p .. 'wait:' .. queue, entries[i + 1], string.sub(entry, 1, cut - 1))
          redis.call('SADD', KEYS[2], queue)
        end
      end
      return #entries / 2
      """;

  /**
   * Lua: {@code writePlacement(a)} writes the lead hash KEYS[1] from ARGV[a..a+7]: rep, queue, tier, at, sla, ovr, cts
   * ('' if unset) and the {@link Packed} routing facts ('' if none, then not written). As separate arguments, and the
   * facts as one field, because splitting a packed placement and writing some twenty fields was half of the placement
   * script's time in Redis.
   */
  static final String PLACEMENT = TIMED + """
      local function writePlacement(a)
        noteTimed(KEYS[1], ARGV[1], ARGV[a + 4], ARGV[a + 1], ARGV[a + 2], ARGV[a + 3])
        if ARGV[a + 7] == '' then
          redis.call('HSET', KEYS[1], 'rep', ARGV[a], 'queue', ARGV[a + 1], 'tier', ARGV[a + 2], 'at', ARGV[a + 3],
              'sla', ARGV[a + 4], 'ovr', ARGV[a + 5], 'cts', ARGV[a + 6])
        else
          redis.call('HSET', KEYS[1], 'rep', ARGV[a], 'queue', ARGV[a + 1], 'tier', ARGV[a + 2], 'at', ARGV[a + 3],
              'sla', ARGV[a + 4], 'ovr', ARGV[a + 5], 'cts', ARGV[a + 6], 'facts', ARGV[a + 7])
        end
      end
      """;

  /**
   * KEYS: lead hash, open-leads index, then the keys ({@code contact:<hex>}) the lead is noted under, if any. ARGV:
   * lead id, then the placement ({@link #PLACEMENT}), then, for a placement with an SLA history (a lead adopted with
   * one), its earlier holders, first routing and missed deadlines as the hash keeps them ({@code prv}, {@code fst},
   * {@code brc}; '' for none). Returns {} if placed (the lead then noted under each key by its placement time, its
   * latest 64 kept 30 days), else the hash.
   */
  static final String PLACE = PLACEMENT + """
      if redis.call('EXISTS', KEYS[1]) == 1 then
        return redis.call('HGETALL', KEYS[1])
      end
      writePlacement(2)
      if #ARGV >= 12 then
        local history = {'prv', ARGV[10], 'fst', ARGV[11], 'brc', ARGV[12]}
        for i = 1, 5, 2 do
          if history[i + 1] ~= '' then
            redis.call('HSET', KEYS[1], history[i], history[i + 1])
          end
        end
      end
      redis.call('SADD', KEYS[2], ARGV[1])
      local noted = {}
      for k = 3, #KEYS do
        redis.call('ZADD', KEYS[k], ARGV[5], ARGV[1])
        redis.call('ZREMRANGEBYRANK', KEYS[k], 0, -65)
        redis.call('PEXPIRE', KEYS[k], 2592000000)
        noted[#noted + 1] = string.match(KEYS[k], '(%x+)$')
      end
      if #noted > 0 then
        -- The keys it is noted under, so that a move with other facts can take it off them.
        redis.call('HSET', KEYS[1], 'ck', table.concat(noted, ','))
      end
      return {}
      """;

  /**
   * Lua, for the scripts that reserve and place with KEYS lead hash, open-leads index, the rep's open set and ARGV
   * lead id, limit (-1: none; or {@code limit:day:cap}, {@link #RESERVATION_TERMS}), rep id, then the placement
   * ({@link #PLACEMENT}, from ARGV[4]): {@code hasRoom()} says whether the rep can take the lead (false when it holds
   * limit units or more, none for this lead, or more than limit units, one of them this lead's: a unit another router
   * took by force above capacity and has not placed yet, which a placement within the limit may not claim as its own,
   * as in {@link #RESERVE}; false too when it took one of its caps, none for this lead, and then a third answer, the
   * periods' counts) and how many units it holds; {@code reserveAndPlace(n)} takes the unit (counting it in each
   * period) and writes the placement, returning the units held after and the periods' counts (0 each when the rep held
   * the lead's unit already; none without a cap).
   */
  static final String RESERVE_AND_PLACE = PLACEMENT + RESERVATION_TERMS + """
      local function hasRoom()
        local limit, days, caps = dayLimits(ARGV[2])
        local n = redis.call('SCARD', KEYS[3])
        if limit >= 0 and n >= limit and (n > limit or redis.call('SISMEMBER', KEYS[3], ARGV[1]) == 0) then
          return false, n
        end
        if days then
          local full, counts = dayCounts(KEYS[3], ARGV[3], days, caps)
          if full and redis.call('SISMEMBER', KEYS[3], ARGV[1]) == 0 then
            return false, n, counts
          end
        end
        return true, n
      end
      local function reserveAndPlace(n)
        -- No entry in the lead's reservation set: unit and placement are one write here, so an interrupted decision
        -- cannot leave a unit its placement does not name (what RECONCILE repairs for reserve-then-place).
        local _, days, caps, contact = dayLimits(ARGV[2])
        local taken = {}
        if redis.call('SADD', KEYS[3], ARGV[1]) == 1 then
          n = n + 1
          noteOpen(KEYS[3], ARGV[3])
          taken = countDay(KEYS[3], ARGV[3], days, caps)
        else
          for i = 1, #(days or {}) do
            taken[i] = 0
          end
        end
        writePlacement(4)
        if contact then
          -- Each key's leads (the contact's, the company's) by placement time (ARGV[7], 'at'); closed ones are
          -- dropped when read, and only the latest 64 are kept.
          for hex in string.gmatch(contact, '%x+') do
            local ck = tenantKey(KEYS[3], 'contact:' .. hex)
            redis.call('ZADD', ck, ARGV[7], ARGV[1])
            redis.call('ZREMRANGEBYRANK', ck, 0, -65)
            redis.call('PEXPIRE', ck, 2592000000)
          end
          redis.call('HSET', KEYS[1], 'ck', contact)
        end
        redis.call('SADD', KEYS[2], ARGV[1])
        return n, taken
      end
      """;

  /**
   * Lua, after {@link #NOTES} and {@link #TIMED}: {@code releaseOne(leadKey, indexKey, reservationKey, leadId,
   * openPrefix, closedAt)} removes the placement and gives back the unit its rep holds for the lead. Answers false if
   * the lead is not open, else {open leads of the rep after (-1 for a queued lead), then rep, queue, tier, at, sla,
   * ovr, cts} ('' if unset): not the routing facts, which the caller does not need back. A lead a rep held whose
   * routing facts were saved with it (a learning router's, or one with a deadline) is kept under {@code released:} +
   * its id for the store's keeping time ({@link #keeping}) instead of deleted, with its closing time ({@code closed},
   * epoch milliseconds by the router's clock) when the caller gave one (nil or '' if not).
   */
  static final String RELEASE_ONE = """
      local keepReleasedMs = 0 --[[keep]]
      local function releaseOne(leadKey, indexKey, resvKey, id, openPrefix, closedAt)
        local h
        if keepReleasedMs > 0 then
          h = redis.call('HMGET', leadKey, 'rep', 'queue', 'tier', 'at', 'sla', 'ovr', 'cts', 'facts')
        else
          h = redis.call('HMGET', leadKey, 'rep', 'queue', 'tier', 'at', 'sla', 'ovr', 'cts')
        end
        if not h[3] then
          return false -- every placement has a tier
        end
        if keepReleasedMs > 0 and h[1] and h[1] ~= '' and h[8] then
          -- Kept, with its routing facts, for an outcome reported later to any node; then gone.
          local released = tenantKey(leadKey, 'released:' .. id)
          redis.call('RENAME', leadKey, released)
          if closedAt and closedAt ~= '' then
            redis.call('HSET', released, 'closed', closedAt)
          end
          redis.call('PEXPIRE', released, keepReleasedMs)
        else
          redis.call('DEL', leadKey)
        end
        redis.call('SREM', indexKey, id)
        if (h[5] and h[5] ~= '') or (h[2] and h[2] ~= '') then
          redis.call('ZREM', tenantKey(leadKey, 'timed'), id)
        end
        unclaim(leadKey, id, h[2])
        local holder = h[1] or ''
        local open = -1
        if holder ~= '' then
          redis.call('SREM', openPrefix .. holder, id)
          redis.call('SREM', resvKey, holder)
          open = redis.call('SCARD', openPrefix .. holder)
          noteOpen(leadKey, holder)
        end
        local out = {open}
        for i = 1, 7 do
          out[i + 1] = h[i] or ''
        end
        return out
      end
      """;

  /**
   * KEYS: lead hash, open-leads index, lead's reservation set. ARGV: lead id, key prefix of open sets, closing time
   * (optional). One lead's {@code releaseOne} (nil if the lead is not open).
   */
  static final String RELEASE_PLACEMENT = NOTES + TIMED + RELEASE_ONE + """
      return releaseOne(KEYS[1], KEYS[2], KEYS[3], ARGV[1], ARGV[2], ARGV[3])
      """;

  /**
   * Many leads released in one call. KEYS: open-leads index, then per lead its hash and reservation set. ARGV: key
   * prefix of open sets, then the lead ids, then their closing times ('' for none). Returns per lead, in order,
   * {@code releaseOne}'s answer, or 0 if the lead was not open.
   */
  static final String RELEASE_MANY = NOTES + TIMED + RELEASE_ONE + """
      local out = {}
      local n = (#ARGV - 1) / 2
      for i = 1, n do
        out[i] = releaseOne(KEYS[2 * i], KEYS[1], KEYS[2 * i + 1], ARGV[i + 1], ARGV[1], ARGV[n + i + 1]) or 0
      end
      return out
      """;

  /**
   * Lua: {@code withReleases(place, k, a)} runs the releases a placement script carries, then {@code place()}. The
   * releases are KEYS[k], KEYS[k + 1] (a lead's hash and reservation set) per lead, ARGV[a] the key prefix of open
   * sets, ARGV[a + 1 ...] the lead ids and after them their closing times; KEYS[2] is the open-leads index. With none
   * (no ARGV[a]) the answer is {@code place()}'s, else {{per lead {@code releaseOne}'s answer or 0},
   * {@code place()}'s answer}. Releases go first, so that the units they free count for the placement.
   */
  static final String RELEASES_CARRIED = """
      local function withReleases(place, k, a)
        if #ARGV < a then
          return place()
        end
        local released = {}
        local n = (#ARGV - a) / 2
        for i = 1, n do
          released[i] = releaseOne(KEYS[k + 2 * i - 2], KEYS[2], KEYS[k + 2 * i - 1], ARGV[a + i], ARGV[a],
            ARGV[a + n + i]) or 0
        end
        return {released, place()}
      end
      """;

  /**
   * KEYS: lead hash, open-leads index, the rep's open set. ARGV: lead id, limit, rep id, the placement
   * ({@link #PLACEMENT}, 8 arguments). If the lead is placed: {2, its hash}. If the rep holds limit units or more (and
   * none for this lead): {0, units}; if it took one of its caps ({@link #RESERVATION_TERMS}): {4, units, the periods'
   * counts}. Else takes the unit (counted in each period), writes the placement: {1, units, the periods' counts (none
   * without a cap)}. Releases queued on the node ride along from KEYS[4] and ARGV[12] ({@link #RELEASES_CARRIED}).
   */
  static final String PLACE_AND_RESERVE = NOTES + RESERVE_AND_PLACE + RELEASE_ONE + RELEASES_CARRIED + """
      local function place()
        if redis.call('EXISTS', KEYS[1]) == 1 then
          return {2, redis.call('HGETALL', KEYS[1])}
        end
        local room, n, dayCapped = hasRoom()
        if dayCapped then
          return {4, n, unpack(dayCapped)}
        end
        if not room then
          return {0, n}
        end
        local units, taken = reserveAndPlace(n)
        return {1, units, unpack(taken)}
      end
      return withReleases(place, 4, 12)
      """;

  /**
   * KEYS: any key of the tenant (it routes the call to the tenant's slot). ARGV: key prefix, {@link MsgPack} rep ids.
   * Returns one string: per rep, {@code open:n:sum} (n and sum of response minutes empty when none), followed by
   * {@code :period/count;period/count} when its cap counts are noted ({@link #RESERVATION_TERMS}), comma-separated.
   * Repairs the response notes where they are wrong, filing those reps in the change log ({@link #NOTES}).
   */
  static final String REFRESH = NOTES + """
      local ids = cmsgpack.unpack(ARGV[2])
      local out = {}
      local responses = tenantKey(KEYS[1], 'responses')
      local noted = redis.call('HMGET', responses, unpack(ids))
      local takenKey = tenantKey(KEYS[1], 'taken')
      local taken = {}
      if redis.call('EXISTS', takenKey) == 1 then
        taken = redis.call('HMGET', takenKey, unpack(ids))
      end
      for i = 1, #ids do
        local open = redis.call('SCARD', ARGV[1] .. 'open:' .. ids[i])
        local s = redis.call('HMGET', ARGV[1] .. 'resp:' .. ids[i], 'n', 'sum')
        local note = s[1] and (s[1] .. ':' .. (s[2] or '0'))
        -- Repaired only where wrong, so that a repair does not make every node read every rep again.
        if noted[i] ~= note then
          if note then
            redis.call('HSET', responses, ids[i], note)
          else
            redis.call('HDEL', responses, ids[i])
          end
          changed(KEYS[1], ids[i])
        end
        out[i] = open .. ':' .. (s[1] or '') .. ':' .. (s[2] or '')
        if taken[i] then
          out[i] = out[i] .. ':' .. string.gsub(string.gsub(taken[i], ':', '/'), ',', ';')
        end
      end
      return table.concat(out, ',')
      """;

  /**
   * A first contact and its response time in one call. KEYS: lead hash. ARGV: contact time (epoch ms), key prefix of
   * the reps' response statistics. If the lead is open with a rep and not contacted: sets its contact time, adds the
   * minutes since the assignment to the rep's count and sum, and answers {-1, rep, queue, tier, at, sla, ovr, '', fst,
   * brc} (the placement before, shaped as {@link #RELEASE_ONE} answers, then the lead's first routing, '' when it is
   * the assignment, and the deadlines it missed, '' for none). {-2, at} if the contact is before the assignment
   * (nothing changed); nil if the lead is not open, is queued or was contacted.
   */
  static final String FIRST_CONTACT = NOTES + """
      local h = redis.call('HMGET', KEYS[1], 'rep', 'queue', 'tier', 'at', 'sla', 'ovr', 'cts', 'fst', 'brc')
      if not h[3] or not h[1] or h[1] == '' or (h[7] and h[7] ~= '') then
        return false
      end
      local at = tonumber(ARGV[1])
      local assigned = tonumber(h[4])
      if at < assigned then
        return {-2, h[4]}
      end
      redis.call('HSET', KEYS[1], 'cts', ARGV[1])
      redis.call('HINCRBY', ARGV[2] .. h[1], 'n', 1)
      redis.call('HINCRBYFLOAT', ARGV[2] .. h[1], 'sum', string.format('%.17g', (at - assigned) / 60000))
      noteResponses(KEYS[1], h[1], ARGV[2] .. h[1])
      return {-1, h[1], h[2] or '', h[3], h[4], h[5] or '', h[6] or '', '', h[8] or '', h[9] or ''}
      """;

  /** KEYS: lead hash. ARGV: contact time. Returns the hash before, or nil if the lead is not open. */
  static final String MARK_CONTACTED = """
      local before = redis.call('HGETALL', KEYS[1])
      if #before == 0 then
        return false
      end
      if redis.call('HGET', KEYS[1], 'cts') == '' then
        redis.call('HSET', KEYS[1], 'cts', ARGV[1])
      end
      return before
      """;

  /**
   * Lua, after {@link #TIMED}: {@code swapPlacement(newOpen, a)} writes lead hash KEYS[1] from ARGV[a]: n, then n
   * expected field/value pairs, then the next field/value pairs, if every expected field matched (a field the hash
   * lacks reads as empty) and {@code newOpen} (nil: not checked) holds the lead's unit; keeps the timed index and the
   * claim order in step, and says whether it wrote.
   */
  static final String SWAP = TIMED + """
      local function swapPlacement(newOpen, a)
        local n = tonumber(ARGV[a])
        for i = 0, n - 1 do
          if (redis.call('HGET', KEYS[1], ARGV[a + 1 + 2 * i]) or '') ~= ARGV[a + 2 + 2 * i] then
            return false
          end
        end
        local id = leadIdOf(KEYS[1])
        if newOpen and redis.call('SISMEMBER', newOpen, id) == 0 then
          return false
        end
        local was = redis.call('HGET', KEYS[1], 'queue')
        redis.call('HSET', KEYS[1], unpack(ARGV, a + 1 + 2 * n))
        local now = redis.call('HMGET', KEYS[1], 'sla', 'queue', 'tier', 'at')
        if was ~= now[2] then
          unclaim(KEYS[1], id, was)
        end
        if not noteTimed(KEYS[1], id, now[1], now[2], now[3], now[4]) then
          redis.call('ZREM', tenantPrefixOf(KEYS[1]) .. 'timed', id)
        end
        return true
      end
      """;

  /**
   * KEYS: lead hash, and for a move to a new holder that holder's open set. ARGV: n, then n expected field/value pairs,
   * then the next field/value pairs. Returns 1 if every expected field matched (a field the hash lacks reads as empty),
   * the new holder (if any) holds a unit for the lead, and the next values were written; else 0. A mover reserves at
   * the new holder first; units are kept per lead, so two movers of one lead to one rep share one, and a mover that
   * lost gives it back when the winner placed the lead elsewhere: a third mover that read the placement after that
   * win must not place the lead where its unit is gone.
   */
  static final String REPLACE = SWAP + """
      return swapPlacement(KEYS[2], 1) and 1 or 0
      """;

  /**
   * A move in one step: {@link #REPLACE}, then the old holder's unit given back and the routing facts saved.
   * KEYS: lead hash, lead's reservation set, then the old holder's open set when the holder changes from a rep, then
   * the new holder's open set when it changes to a rep. ARGV: old holder's id ('' when no unit is given back), new
   * holder's id ('' when none is checked), the packed facts ('' none), n, then n expected field/value pairs, then the
   * next field/value pairs. Returns {1, the old holder's open count after (-1 without one)} if moved, else {0}
   * (nothing changed).
   */
  static final String MOVE = NOTES + SWAP + """
      local old, new, facts = ARGV[1], ARGV[2], ARGV[3]
      local oldOpen = old ~= '' and KEYS[3] or nil
      local newOpen = new ~= '' and KEYS[oldOpen and 4 or 3] or nil
      if not swapPlacement(newOpen, 4) then
        return {0}
      end
      if facts ~= '' then
        redis.call('HSET', KEYS[1], 'facts', facts)
      end
      if not oldOpen then
        return {1, -1}
      end
      if redis.call('SREM', oldOpen, leadIdOf(KEYS[1])) == 1 then
        noteOpen(oldOpen, old)
      end
      redis.call('SREM', KEYS[2], old)
      return {1, redis.call('SCARD', oldOpen)}
      """;

  /** KEYS: lead hash, open-leads index. ARGV: lead id. Returns the hash before, or nil. */
  static final String REMOVE = TIMED + """
      local before = redis.call('HGETALL', KEYS[1])
      if #before == 0 then
        return false
      end
      redis.call('DEL', KEYS[1])
      redis.call('SREM', KEYS[2], ARGV[1])
      redis.call('ZREM', tenantPrefixOf(KEYS[1]) .. 'timed', ARGV[1])
      for i = 1, #before, 2 do
        if before[i] == 'queue' then
          unclaim(KEYS[1], ARGV[1], before[i + 1])
        end
      end
      return before
      """;

  /**
   * KEYS: the tenant's lease key. ARGV: this node's token, time to live in ms. Renews the lease this node holds
   * (1), takes a free one (2), or leaves another node's alone (0).
   */
  static final String LEASE = """
      local holder = redis.call('GET', KEYS[1])
      if holder == ARGV[1] then
        redis.call('PEXPIRE', KEYS[1], ARGV[2])
        return 1
      end
      if not holder then
        redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
        return 2
      end
      return 0
      """;

  /** KEYS: the tenant's lease key. ARGV: this node's token. Gives the lease back if this node holds it. */
  static final String UNLEASE = """
      if redis.call('GET', KEYS[1]) == ARGV[1] then
        return redis.call('DEL', KEYS[1])
      end
      return 0
      """;

  /**
   * KEYS: lead hash, the tenant's timer lease. ARGV: deadline (epoch ms), claiming node's token. 1 for the node that
   * claims this lead's breach at this deadline first while the lead is open (it reports the breach); 2 for that node
   * when it asks again (it retries a breach the store failed in the middle of) and for a node that asks while it holds
   * the lease the claimant no longer holds (the claimant lost it, in the same outage that failed its move, and drops
   * its timers: without this the breach was never acted on), which becomes the claimant; both act on the breach
   * without reporting it again; else 0.
   */
  static final String CLAIM_BREACH = """
      if redis.call('EXISTS', KEYS[1]) == 0 then
        return 0
      end
      local field = 'b.' .. ARGV[1]
      local held = redis.call('HGET', KEYS[1], field)
      if held == ARGV[2] then
        return 2
      end
      if held then
        local lease = redis.call('GET', KEYS[2])
        if lease == held or lease ~= ARGV[2] then
          return 0
        end
        redis.call('HSET', KEYS[1], field, ARGV[2])
        return 2
      end
      redis.call('HSET', KEYS[1], field, ARGV[2])
      return 1
      """;

  /** KEYS: lead hash. ARGV: field/value pairs. Saves routing facts only while the lead is open. Returns 1/0. */
  /**
   * KEYS: the tallies' hash, and (optional) the once key. ARGV: how long the once key is kept (milliseconds), then
   * field, delta pairs. With a once key that exists, adds nothing and returns 0; else claims it (if given), adds each
   * delta to its field and returns 1.
   */
  static final String ADD_TALLIES = """
      if #KEYS > 1 and not redis.call('SET', KEYS[2], '1', 'NX', 'PX', ARGV[1]) then
        return 0
      end
      for i = 2, #ARGV, 2 do
        redis.call('HINCRBYFLOAT', KEYS[1], ARGV[i], ARGV[i + 1])
      end
      return 1
      """;

  static final String SAVE_FACTS = """
      if redis.call('EXISTS', KEYS[1]) == 0 then
        return 0
      end
      redis.call('HSET', KEYS[1], unpack(ARGV))
      return 1
      """;

  /**
   * KEYS: lead's reservation set, lead hash. ARGV: lead id, key prefix of open sets. Gives back every unit reserved
   * for the lead at a rep its placement does not name. Returns each such rep's id followed by its open count after.
   */
  static final String RECONCILE = NOTES + """
      local holder = redis.call('HGET', KEYS[2], 'rep') or ''
      local freed = {}
      for _, rep in ipairs(redis.call('SMEMBERS', KEYS[1])) do
        if rep ~= holder then
          redis.call('SREM', ARGV[2] .. rep, ARGV[1])
          redis.call('SREM', KEYS[1], rep)
          noteOpen(KEYS[1], rep)
          freed[#freed + 1] = rep
          freed[#freed + 1] = redis.call('SCARD', ARGV[2] .. rep)
        end
      end
      return freed
      """;

  /**
   * Lua: the round-robin turn in three parts, shared by {@link #ROUND_ROBIN} and {@link #PLACE_RESERVE_TURN}.
   * {@code rrRead(key, ids)} gives each id's credit as a number and as the stored text ('0' if none);
   * {@code rrTurn(credits, weights)} adds every share, charges the winner one lead and returns its 1-based index (the
   * built-in strategy's rule, earliest deadline first by credit; {@code TurnMirror} is its Java twin and must stay
   * operation for operation the same); {@code rrWrite(key, ids, credits)} stores the credits as Lua numbers,
   * which Redis turns into text that reads back as the same double (17 significant digits in Redis 6), so nothing
   * drifts from the in-memory rule; formatting them in Lua first only cost time.
   */
  static final String RR_FUNCTIONS = """
      local function rrRead(key, ids)
        local credits, raw = {}, {}
        for from = 1, #ids, 1000 do
          local to = math.min(#ids, from + 999)
          local part = redis.call('HMGET', key, unpack(ids, from, to))
          for j = 1, #part do
            raw[from + j - 1] = part[j] or '0'
            credits[from + j - 1] = tonumber(part[j]) or 0
          end
        end
        return credits, raw
      end
      local function rrTurn(credits, ws)
        local n = #credits
        local total = 0
        for i = 1, n do
          total = total + ws[i]
        end
        local eps = 1e-12
        local winner, soonest, ahead, aheadCredit = -1, math.huge, -1, -math.huge
        for i = 1, n do
          local share = ws[i] / total
          local v = credits[i] + share
          credits[i] = v
          if v >= -eps then
            local steps = (1.0 - v) / share
            if steps < soonest - eps then
              soonest = steps
              winner = i
            end
          elseif v > aheadCredit then
            aheadCredit = v
            ahead = i
          end
        end
        if winner < 0 then
          winner = ahead
        end
        credits[winner] = credits[winner] - 1.0
        return winner
      end
      local function rrWrite(key, ids, credits)
        for from = 1, #ids, 1000 do
          local to = math.min(#ids, from + 999)
          local args = {}
          for i = from, to do
            args[#args + 1] = ids[i]
            args[#args + 1] = credits[i]
          end
          redis.call('HSET', key, unpack(args))
        end
      end
      """;

  /**
   * One weighted round-robin turn, atomically for every router on the tenant. KEYS: the credit hash. ARGV:
   * {@link MsgPack} rep ids, {@link MsgPack} weights (as many). Returns the 0-based index of the winner.
   */
  static final String ROUND_ROBIN = RR_FUNCTIONS + """
      local ids = cmsgpack.unpack(ARGV[1])
      local credits = rrRead(KEYS[1], ids)
      local winner = rrTurn(credits, cmsgpack.unpack(ARGV[2]))
      rrWrite(KEYS[1], ids, credits)
      return winner - 1
      """;

  /**
   * Takes back one {@link #ROUND_ROBIN} turn whose winner could not take the lead
   * ({@link io.smartrouting.spi.RoundRobinTurns#giveBack}): the winner is paid its lead back and every candidate gives
   * back the share it earned, in the reverse order of {@code rrTurn}'s operations. KEYS: the credit hash. ARGV:
   * {@link MsgPack} rep ids and weights of that turn, the 0-based index of its winner. Returns 1.
   */
  static final String ROUND_ROBIN_BACK = RR_FUNCTIONS + """
      local ids = cmsgpack.unpack(ARGV[1])
      local ws = cmsgpack.unpack(ARGV[2])
      local winner = tonumber(ARGV[3]) + 1
      local credits = rrRead(KEYS[1], ids)
      local total = 0
      for i = 1, #ws do
        total = total + ws[i]
      end
      credits[winner] = credits[winner] + 1.0
      for i = 1, #credits do
        credits[i] = credits[i] - ws[i] / total
      end
      rrWrite(KEYS[1], ids, credits)
      return 1
      """;

  /**
   * {@link #PLACE_AND_RESERVE} with the round-robin turn that picked the rep, in one write. KEYS: lead hash,
   * open-leads index, the rep's open set, the credit hash. ARGV: lead id, limit, rep id,
   * the placement (8 arguments), {@link MsgPack} candidate ids (ARGV[12]), {@link MsgPack} weights, the 0-based index the
   * caller predicted. Placed: {1, units, the periods' counts} (turn taken). Otherwise nothing changes and the answer
   * carries the stored credits of the candidates, so that the caller predicts from them next time: {2, the lead's
   * hash, credits} if the lead is placed, {3, credits} if the turn is another candidate's, {0, units, credits} if the
   * rep is full, {4, units, credits, the periods' counts} if it took one of its caps.
   * Releases queued on the node ride along from KEYS[5] and ARGV[15] ({@link #RELEASES_CARRIED}).
   */
  static final String PLACE_RESERVE_TURN = NOTES + RESERVE_AND_PLACE + RR_FUNCTIONS + RELEASE_ONE
      + RELEASES_CARRIED + """
      local function place()
        local ids = cmsgpack.unpack(ARGV[12])
        local credits, raw = rrRead(KEYS[4], ids)
        if redis.call('EXISTS', KEYS[1]) == 1 then
          return {2, redis.call('HGETALL', KEYS[1]), raw}
        end
        if rrTurn(credits, cmsgpack.unpack(ARGV[13])) - 1 ~= tonumber(ARGV[14]) then
          return {3, raw}
        end
        local room, n, dayCapped = hasRoom()
        if dayCapped then
          return {4, n, raw, unpack(dayCapped)}
        end
        if not room then
          return {0, n, raw}
        end
        rrWrite(KEYS[4], ids, credits)
        local units, taken = reserveAndPlace(n)
        return {1, units, unpack(taken)}
      end
      return withReleases(place, 5, 15)
      """;

  /**
   * KEYS: the outcome hash, its log's sequence number, log and epoch, and (optional) the lead's credit marker. ARGV:
   * rep id, segment, industry ('' if none), won ('1'/'0'), the half-life in closed outcomes (0 or absent: counts never
   * fade), the marker's lifetime in milliseconds. With a marker, a lead whose marker is set already counts nothing
   * and the answer is 0 (else 1): one credit per lead, whichever node reports it, and however often. Counts the
   * outcome for the segment and, with an industry, for the industry; fields are {@code n|w} + US + rep + US + segment
   * + US + industry (US = the unit separator, which ids do not contain). Files the counters' names (without
   * {@code n|w}) in the outcome log ({@link #CHANGE_LOG}).
   *
   * <p>With a half-life, the segment's closed outcomes are counted in {@code st}+segment; when they reach
   * {@code sd}+segment (set to the count plus the half-life on the first outcome), the segment's generation
   * {@code sg}+segment goes up by one, the count is halved and the next halving is due a half-life later, as in
   * {@code ConversionModel.record}. Counters are halved lazily: {@code g}+name holds the generation a counter was last
   * brought to, and a counter {@code k} generations behind weighs {@code floor(count / 2^k)} (halving k times,
   * rounding down each time, gives the same), so a halving costs one write however many counters the segment has.
   * A counter is brought up to date when it is counted again; readers bring the values they read
   * ({@link #OUTCOMES_SINCE}, and the full read in the store). A halving files {@code S}+segment in the log, which
   * tells readers to read everything again.
   */
  static final String RECORD_OUTCOME = CHANGE_LOG + """
      if KEYS[5] and redis.call('SET', KEYS[5], '1', 'NX', 'PX', ARGV[6]) == false then
        return 0 -- this lead's outcome was counted already
      end
      local us = string.char(31)
      local seg = ARGV[2]
      local base = us .. ARGV[1] .. us .. seg .. us
      local half = tonumber(ARGV[5] or '0')
      local gen = 0
      if half > 0 then
        gen = tonumber(redis.call('HGET', KEYS[1], 'sg' .. seg) or '0')
      end
      local function count(name)
        if gen > 0 then
          local v = redis.call('HMGET', KEYS[1], 'n' .. name, 'w' .. name, 'g' .. name)
          local behind = gen - tonumber(v[3] or '0')
          if behind > 0 and v[1] then
            local d = 2 ^ behind
            redis.call('HSET', KEYS[1], 'n' .. name, math.floor(tonumber(v[1]) / d),
                'w' .. name, math.floor(tonumber(v[2] or '0') / d), 'g' .. name, gen)
          elseif behind > 0 then
            redis.call('HSET', KEYS[1], 'g' .. name, gen)
          end
        end
        redis.call('HINCRBY', KEYS[1], 'n' .. name, 1)
        if ARGV[4] == '1' then
          redis.call('HINCRBY', KEYS[1], 'w' .. name, 1)
        end
        fileChange(KEYS[3], KEYS[2], KEYS[4], name)
      end
      count(base)
      if ARGV[3] ~= '' then
        count(base .. ARGV[3])
      end
      if half > 0 then
        local team = redis.call('HINCRBY', KEYS[1], 'st' .. seg, 1)
        local due = tonumber(redis.call('HGET', KEYS[1], 'sd' .. seg) or '0')
        if due == 0 then
          redis.call('HSET', KEYS[1], 'sd' .. seg, team + half)
        elseif team >= due then
          local kept = math.floor(team / 2)
          redis.call('HSET', KEYS[1], 'st' .. seg, kept, 'sd' .. seg, kept + half, 'sg' .. seg, gen + 1)
          fileChange(KEYS[3], KEYS[2], KEYS[4], 'S' .. seg)
        end
      end
      return 1
      """;

  /**
   * KEYS: as {@link #RECORD_OUTCOME}'s. ARGV: the sequence number and epoch the caller read last. Returns {now,
   * epoch} if nothing changed, {now, epoch, names, their n and w values in turn} if some counters did (brought to
   * their segment's generation, see {@link #RECORD_OUTCOME}), and {now, epoch, false} if the caller must read the
   * hash in full (another epoch, a number below the caller's, or a segment halved since: every counter of it
   * changed).
   */
  static final String OUTCOMES_SINCE = CHANGE_LOG + """
      local now, epoch, names = logSince(KEYS[3], KEYS[2], KEYS[4], tonumber(ARGV[1]), ARGV[2])
      if not names then
        return {now, epoch, false}
      end
      if #names == 0 then
        return {now, epoch}
      end
      local us = string.char(31)
      for i = 1, #names do
        if string.sub(names[i], 1, 1) ~= us then
          return {now, epoch, false}
        end
      end
      local gens = {}
      local function behind(name, g)
        local from = string.find(name, us, 2, true) + 1
        local seg = string.sub(name, from, string.find(name, us, from, true) - 1)
        local gen = gens[seg]
        if not gen then
          gen = tonumber(redis.call('HGET', KEYS[1], 'sg' .. seg) or '0')
          gens[seg] = gen
        end
        return gen - tonumber(g or '0')
      end
      local values = {}
      for from = 1, #names, 500 do
        local fields = {}
        for i = from, math.min(#names, from + 499) do
          fields[#fields + 1] = 'n' .. names[i]
          fields[#fields + 1] = 'w' .. names[i]
          fields[#fields + 1] = 'g' .. names[i]
        end
        local got = redis.call('HMGET', KEYS[1], unpack(fields))
        for j = 1, #got, 3 do
          local n, w = got[j], got[j + 1]
          local k = n and behind(names[from + (j - 1) / 3], got[j + 2]) or 0
          if k > 0 then
            local d = 2 ^ k
            n = tostring(math.floor(tonumber(n) / d))
            w = tostring(math.floor(tonumber(w or '0') / d))
          end
          values[#values + 1] = n
          values[#values + 1] = w
        end
      end
      return {now, epoch, names, values}
      """;


  /** KEYS: rep's stats hash. ARGV: minutes, rep id. */
  static final String RECORD_RESPONSE = NOTES + """
      redis.call('HINCRBY', KEYS[1], 'n', 1)
      redis.call('HINCRBYFLOAT', KEYS[1], 'sum', ARGV[1])
      noteResponses(KEYS[1], ARGV[2], KEYS[1])
      return 1
      """;
}
