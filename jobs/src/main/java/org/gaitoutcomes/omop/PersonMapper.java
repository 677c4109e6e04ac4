package org.gaitoutcomes.omop;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.Serializable;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.gaitoutcomes.ingest.Rekeyer;
import org.gaitoutcomes.schema.Schemas;

/**
 * Maps every OMOP record of one person to rows of our input tables, quarantine rows and one status
 * per record (used, superseded, unmapped, not_eligible or quarantined), so the counts of each OMOP
 * table reconcile. Dates become day offsets from the person's baseline (the start of the earliest
 * observation period) here and go no further. Plain Java: a pure function of the records.
 */
public final class PersonMapper implements Serializable {
  private static final long serialVersionUID = 1L;

  public static final String USED = "used";
  public static final String SUPERSEDED = "superseded";
  public static final String UNMAPPED = "unmapped";
  public static final String NOT_ELIGIBLE = "not_eligible";
  public static final String QUARANTINED = "quarantined";
  public static final List<String> STATUSES = List.of(USED, SUPERSEDED, UNMAPPED, NOT_ELIGIBLE, QUARANTINED);

  /** Kind of an output row: one of our tables, the quarantine, or a record's status. */
  public static final String STATUS = "status";

  /** Ages above this are top-coded to {@link #AGE_TOP_CODE} (HIPAA Safe Harbor, as ingest does). */
  public static final int AGE_TOP_CODE_ABOVE = 89;
  public static final int AGE_TOP_CODE = 90;
  /** Days per month for pain duration (365.25 / 12). */
  public static final double DAYS_PER_MONTH = 30.4375;

  private static final Pattern SITE = Pattern.compile("^[A-Za-z0-9_-]{1,32}$");
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * One output row: {@code kind} is a table name (values in its contract's column order), {@code
   * quarantine} (values in the quarantine contract's order) or {@link #STATUS} (table, status, concept).
   */
  public record Output(String kind, List<String> values) implements Serializable {}

  private final OmopMapping mapping;
  private final Rekeyer rekeyer;
  private final Map<String, String> siteNames;

  /**
   * @param rekeyer the keyed hash for patient ids, or null to keep {@code prefix + person_id}
   * @param siteNames care_site_id to care_site_source_value (empty without a care_site table)
   */
  public PersonMapper(OmopMapping mapping, Rekeyer rekeyer, Map<String, String> siteNames) {
    this.mapping = mapping;
    this.rekeyer = rekeyer;
    this.siteNames = Map.copyOf(siteNames);
  }

  /** The patient id written for an OMOP person_id. */
  public String patientId(String personId) {
    return rekeyer != null ? rekeyer.rekey(personId) : mapping.patientIdPrefix + personId;
  }

  /** Maps the records of one person_id (null or empty for records without one). */
  public List<Output> map(String personId, List<OmopRecord> records) {
    return new Person(personId, records).run();
  }

  /** A fact (measurement or observation) that passed its checks, waiting for duplicates to be resolved. */
  private record Fact(OmopRecord record, List<OmopMapping.Target> targets, int day, double value) {}

  private final class Person {
    final String personId;
    final List<OmopRecord> records;
    final List<Output> out = new ArrayList<>();
    final Map<OmopRecord, Boolean> decided = new java.util.IdentityHashMap<>();
    LocalDate baseline;
    int windowEndDay;

    Person(String personId, List<OmopRecord> records) {
      this.personId = personId;
      this.records = new ArrayList<>(records);
      // one order whatever the input partitioning: table, then id, then the fields
      this.records.sort(Comparator.comparing(OmopRecord::table).thenComparingLong(OmopRecord::id)
          .thenComparing(r -> new TreeMap<>(r.fields()).toString()));
    }

    List<Output> run() {
      List<OmopRecord> persons = of(OmopTable.PERSON);
      if (personId == null || personId.isEmpty() || persons.isEmpty()) {
        for (OmopRecord r : records) {
          quarantine(r, OmopRule.OMOP_UNKNOWN_PERSON, "person_id", personId,
              personId == null || personId.isEmpty() ? "the record has no person_id" : "person_id " + personId + " is not in the person table");
        }
        return out;
      }
      if (persons.size() > 1) {
        for (OmopRecord p : persons) {
          quarantine(p, OmopRule.OMOP_DUPLICATE_PERSON, "person_id", personId, persons.size() + " person rows have person_id " + personId);
        }
        return rejectRest("person_id " + personId + " has several person rows");
      }
      OmopRecord person = persons.get(0);

      // baseline: the earliest valid observation period start
      LocalDate windowEnd = null;
      List<OmopRecord> periods = new ArrayList<>();
      for (OmopRecord period : of(OmopTable.OBSERVATION_PERIOD)) {
        LocalDate start = date(period.get("observation_period_start_date"));
        LocalDate end = date(period.get("observation_period_end_date"));
        if (start == null || end == null) {
          quarantine(period, OmopRule.OMOP_DATE, start == null ? "observation_period_start_date" : "observation_period_end_date", null,
              "observation period without a valid " + (start == null ? "start" : "end") + " date");
        } else if (end.isBefore(start)) {
          quarantine(period, OmopRule.OMOP_DATE, "observation_period_end_date", null, "observation period ends before it starts");
        } else {
          baseline = baseline == null || start.isBefore(baseline) ? start : baseline;
          windowEnd = windowEnd == null || end.isAfter(windowEnd) ? end : windowEnd;
          periods.add(period);
        }
      }
      if (baseline == null) {
        quarantine(person, OmopRule.OMOP_NO_OBSERVATION_PERIOD, "person_id", personId, "person " + personId + " has no usable observation period");
        return rejectRest("person " + personId + " has no usable observation period");
      }
      windowEndDay = (int) ChronoUnit.DAYS.between(baseline, windowEnd);

      Map<String, String> patient = new LinkedHashMap<>();
      patient.put("patient_id", patientId(personId));
      Long gender = person.getLong("gender_concept_id");
      if (gender != null && mapping.femaleConcepts.contains(gender)) {
        patient.put("sex", "F");
      } else if (gender != null && mapping.maleConcepts.contains(gender)) {
        patient.put("sex", "M");
      } else {
        quarantine(person, OmopRule.OMOP_VALUE, "gender_concept_id", person.get("gender_concept_id"),
            "gender_concept_id is not one of gait.omop.male-concepts or female-concepts");
        return rejectRest("person " + personId + " was rejected");
      }
      Integer age = age(person);
      if (age == null) {
        // the birth fields are quasi-identifiers: named, never shown
        quarantine(person, OmopRule.OMOP_VALUE, "year_of_birth", null,
            "year_of_birth (with month_of_birth, day_of_birth) is missing, not a date or after baseline");
        return rejectRest("person " + personId + " was rejected");
      }
      patient.put("age_years", Integer.toString(age > AGE_TOP_CODE_ABOVE ? AGE_TOP_CODE : age));
      patient.put("site", site(person.get("care_site_id")));

      // eligibility and pain duration from the conditions
      Integer onsetDay = null;
      boolean eligible = false;
      for (OmopRecord c : of(OmopTable.CONDITION_OCCURRENCE)) {
        Long concept = c.getLong("condition_concept_id");
        if (concept == null || !mapping.conditionConcepts.contains(concept)) {
          status(c, UNMAPPED, concept);
          continue;
        }
        Integer day = day(c.get("condition_start_date"));
        if (day == null) {
          quarantine(c, OmopRule.OMOP_DATE, "condition_start_date", null, "condition_start_date is missing or not a date");
          continue;
        }
        eligible = true;
        status(c, USED, concept);
        if (day <= 0 && (onsetDay == null || day < onsetDay)) {
          onsetDay = day;
        }
      }
      if (mapping.requireCondition && !eligible) {
        for (OmopRecord r : records) {
          if (!decided.containsKey(r)) {
            status(r, NOT_ELIGIBLE, null);
          }
        }
        return out;
      }
      status(person, USED, null);
      periods.forEach(p -> status(p, USED, null));
      if (onsetDay != null) {
        patient.put("pain_duration_months", plain(Math.round(-onsetDay / DAYS_PER_MONTH * 10) / 10.0));
      }

      boolean prior = devices();
      if (prior) {
        patient.put("prior_orthotic", "true");
      }
      facts(patient);
      emit(Schemas.PATIENTS, patient);
      return out;
    }

    /** Treatments from device_exposure; returns whether an orthosis started in the year before baseline. */
    boolean devices() {
      boolean prior = false;
      Map<Integer, List<OmopRecord>> byDay = new TreeMap<>();
      Map<OmopRecord, String> types = new java.util.IdentityHashMap<>();
      for (OmopRecord d : of(OmopTable.DEVICE_EXPOSURE)) {
        Long concept = d.getLong("device_concept_id");
        String type = mapping.deviceType(concept, d.getLong("device_source_concept_id"), d.get("device_source_value"));
        if (type == null) {
          status(d, UNMAPPED, concept == null ? 0L : concept);
          continue;
        }
        Integer day = day(d.get("device_exposure_start_date"));
        if (day == null) {
          quarantine(d, OmopRule.OMOP_DATE, "device_exposure_start_date", null, "device_exposure_start_date is missing or not a date");
        } else if (day < -mapping.priorOrthoticDays) {
          quarantine(d, OmopRule.OMOP_BEFORE_BASELINE, "device_exposure_start_date", "day " + day,
              "orthosis starts " + (-day) + " days before baseline, more than gait.omop.prior-orthotic-days (" + mapping.priorOrthoticDays + ")");
        } else if (day < 0) {
          prior = true;
          status(d, USED, concept);
        } else if (day > windowEndDay) {
          quarantine(d, OmopRule.OMOP_OUTSIDE_PERIOD, "device_exposure_start_date", "day " + day,
              "orthosis starts on day " + day + ", after the observation window ends (day " + windowEndDay + ")");
        } else {
          byDay.computeIfAbsent(day, k -> new ArrayList<>()).add(d);
          types.put(d, type);
        }
      }
      for (Map.Entry<Integer, List<OmopRecord>> e : byDay.entrySet()) {
        List<OmopRecord> same = e.getValue();
        boolean agree = same.stream().map(types::get).distinct().count() == 1;
        if (!agree) {
          for (OmopRecord d : same) {
            quarantine(d, OmopRule.OMOP_CONFLICT, "device_exposure_start_date", "day " + e.getKey(),
                "custom and over-the-counter orthoses start on the same day " + e.getKey());
          }
          continue;
        }
        for (int i = 0; i < same.size(); i++) {
          status(same.get(i), i == 0 ? USED : SUPERSEDED, same.get(i).getLong("device_concept_id"));
        }
        Map<String, String> t = new LinkedHashMap<>();
        t.put("patient_id", patientId(personId));
        t.put("device_type", types.get(same.get(0)));
        t.put("start_day", Integer.toString(e.getKey()));
        emit(Schemas.TREATMENTS, t);
      }
      return prior;
    }

    /** Patient measures, outcomes and foot exams from measurement and observation. */
    void facts(Map<String, String> patient) {
      List<Fact> facts = new ArrayList<>();
      for (OmopRecord r : records) {
        boolean measurement = r.table().equals(OmopTable.MEASUREMENT.tableName());
        if (!measurement && !r.table().equals(OmopTable.OBSERVATION.tableName())) {
          continue;
        }
        String prefix = measurement ? "measurement" : "observation";
        Long concept = r.getLong(prefix + "_concept_id");
        List<OmopMapping.Target> targets = concept == null ? List.of() : mapping.targets(concept);
        if (targets.isEmpty()) {
          status(r, UNMAPPED, concept == null ? 0L : concept);
          continue;
        }
        OmopMapping.Target target = targets.get(0);
        Integer day = day(r.get(prefix + "_date"));
        String number = r.get("value_as_number");
        Double value = parse(number);
        Long unit = r.getLong("unit_concept_id");
        if (day == null) {
          quarantine(r, OmopRule.OMOP_DATE, prefix + "_date", null, prefix + "_date is missing or not a date");
        } else if (day < 0 || day > windowEndDay) {
          quarantine(r, OmopRule.OMOP_OUTSIDE_PERIOD, prefix + "_date", "day " + day, target.column() + " on day " + day
              + ", outside the observation window (day 0 to " + windowEndDay + ")");
        } else if (value == null) {
          quarantine(r, OmopRule.OMOP_VALUE, "value_as_number", number, target.column() + ": value_as_number is missing or not a number");
        } else if (!target.units().isEmpty() && (unit == null || !target.units().contains(unit))) {
          quarantine(r, OmopRule.OMOP_UNIT, "unit_concept_id", r.get("unit_concept_id"), target.column() + " needs unit_concept_id "
              + (target.units().size() == 1 ? target.units().iterator().next() : "one of " + new java.util.TreeSet<>(target.units()))
              + (unit == null ? "; the record has none" : ""));
        } else if (target.integer() && value != Math.rint(value)) {
          quarantine(r, OmopRule.OMOP_VALUE, "value_as_number", number, target.column() + " must be a whole number");
        } else if ((target.min() != null && value < target.min()) || (target.max() != null && value > target.max())) {
          quarantine(r, OmopRule.OMOP_VALUE, "value_as_number", number, target.column() + " must be between " + plain(target.min())
              + " and " + plain(target.max()));
        } else if (target.table().equals(Schemas.PATIENTS) && day > mapping.baselineMaxDay) {
          status(r, SUPERSEDED, concept);
        } else {
          facts.add(new Fact(r, targets, day, value));
        }
      }
      // patient measures: the earliest day only; outcomes and exams: every day
      Map<String, Integer> firstDay = new LinkedHashMap<>();
      for (Fact f : facts) {
        if (f.targets().get(0).table().equals(Schemas.PATIENTS)) {
          firstDay.merge(f.targets().get(0).column(), f.day(), Math::min);
        }
      }
      Map<String, List<Fact>> groups = new TreeMap<>();
      for (Fact f : facts) {
        OmopMapping.Target t = f.targets().get(0);
        if (t.table().equals(Schemas.PATIENTS) && f.day() != firstDay.get(t.column())) {
          status(f.record(), SUPERSEDED, concept(f.record()));
          continue;
        }
        groups.computeIfAbsent(t.table() + "|" + t.column() + "|" + t.side() + "|" + String.format(Locale.ROOT, "%06d", f.day() + 1000),
            k -> new ArrayList<>()).add(f);
      }
      Map<Integer, Map<String, String>> outcomes = new TreeMap<>();
      Map<String, Map<String, String>> exams = new TreeMap<>();
      for (List<Fact> same : groups.values()) {
        Fact first = same.get(0);
        if (same.stream().mapToDouble(Fact::value).distinct().count() > 1) {
          for (Fact f : same) {
            quarantine(f.record(), OmopRule.OMOP_CONFLICT, "value_as_number", f.record().get("value_as_number"),
                same.size() + " records of " + first.targets().get(0).column() + " on day " + f.day() + " disagree");
          }
          continue;
        }
        for (int i = 0; i < same.size(); i++) {
          status(same.get(i).record(), i == 0 ? USED : SUPERSEDED, concept(same.get(i).record()));
        }
        for (OmopMapping.Target t : first.targets()) {
          String text = t.integer() ? Long.toString((long) first.value()) : plain(first.value());
          switch (t.table()) {
            case Schemas.PATIENTS -> patient.put(t.column(), text);
            case Schemas.OUTCOMES -> outcomes.computeIfAbsent(first.day(), d -> keyed("day", Integer.toString(d))).put(t.column(), text);
            default -> exams.computeIfAbsent(String.format(Locale.ROOT, "%06d|%s", first.day() + 1000, t.side()), k -> {
              Map<String, String> m = keyed("visit_day", Integer.toString(first.day()));
              m.put("side", t.side());
              return m;
            }).put(t.column(), text);
          }
        }
      }
      outcomes.values().forEach(m -> emit(Schemas.OUTCOMES, m));
      exams.values().forEach(m -> emit(Schemas.FOOT_EXAMS, m));
    }

    Map<String, String> keyed(String dayColumn, String day) {
      Map<String, String> m = new LinkedHashMap<>();
      m.put("patient_id", patientId(personId));
      m.put(dayColumn, day);
      return m;
    }

    Long concept(OmopRecord r) {
      return r.getLong(r.table().equals(OmopTable.MEASUREMENT.tableName()) ? "measurement_concept_id" : "observation_concept_id");
    }

    /** Age in whole years at baseline from the birth fields; with the year only, the difference of calendar years. */
    Integer age(OmopRecord person) {
      Long year = person.getLong("year_of_birth");
      if (year == null || year < 1800 || year > 3000) {
        return null;
      }
      Long month = person.getLong("month_of_birth");
      Long dayOfMonth = person.getLong("day_of_birth");
      int age;
      if (month != null && dayOfMonth != null) {
        LocalDate birth;
        try {
          birth = LocalDate.of(year.intValue(), month.intValue(), dayOfMonth.intValue());
        } catch (java.time.DateTimeException e) {
          return null;
        }
        age = Period.between(birth, baseline).getYears();
        if (birth.isAfter(baseline)) {
          return null;
        }
      } else {
        // year only: completed years are unknown, the calendar-year difference is used
        age = baseline.getYear() - year.intValue();
      }
      return age < 0 ? null : age;
    }

    String site(String careSiteId) {
      if (careSiteId == null) {
        return "unknown";
      }
      String name = siteNames.get(careSiteId);
      if (name != null && SITE.matcher(name).matches()) {
        return name;
      }
      String code = "care_site_" + careSiteId;
      return SITE.matcher(code).matches() ? code : "unknown";
    }

    Integer day(String text) {
      LocalDate d = date(text);
      return d == null ? null : (int) ChronoUnit.DAYS.between(baseline, d);
    }

    List<OmopRecord> of(OmopTable table) {
      return records.stream().filter(r -> r.table().equals(table.tableName())).toList();
    }

    List<Output> rejectRest(String why) {
      for (OmopRecord r : records) {
        if (!decided.containsKey(r)) {
          quarantine(r, OmopRule.OMOP_PERSON_REJECTED, "person_id", personId, why);
        }
      }
      return out;
    }

    void emit(String table, Map<String, String> row) {
      List<String> values = new ArrayList<>();
      for (String column : Schemas.get(table).columnNames()) {
        values.add(row.get(column));
      }
      out.add(new Output(table, values));
    }

    void status(OmopRecord r, String status, Long concept) {
      if (decided.put(r, Boolean.TRUE) != null) {
        throw new IllegalStateException("record " + r.table() + " " + r.id() + " decided twice");
      }
      out.add(new Output(STATUS, java.util.Arrays.asList(r.table(), status, concept == null ? null : concept.toString(), null)));
    }

    void quarantine(OmopRecord r, OmopRule rule, String field, String value, String message) {
      if (decided.put(r, Boolean.TRUE) != null) {
        throw new IllegalStateException("record " + r.table() + " " + r.id() + " decided twice");
      }
      out.add(new Output(STATUS, java.util.Arrays.asList(r.table(), QUARANTINED, null, rule.name())));
      out.add(new Output("quarantine", java.util.Arrays.asList(r.table(), r.sourceFile(), Long.toString(r.id()), rule.name(), field,
          value == null ? null : value.length() > 64 ? value.substring(0, 64) : value, message, recordJson(r))));
    }
  }

  /**
   * The record as JSON without anything that could identify: dates, datetimes, birth fields and
   * *_source_value columns (free text a provider chose) are withheld.
   */
  static String recordJson(OmopRecord r) {
    Map<String, String> shown = new TreeMap<>();
    for (Map.Entry<String, String> e : r.fields().entrySet()) {
      String k = e.getKey();
      boolean withheld = k.endsWith("_date") || k.endsWith("_datetime") || k.endsWith("_of_birth") || k.endsWith("_source_value")
          || k.equals("birth_datetime");
      shown.put(k, withheld && e.getValue() != null ? "[withheld]" : e.getValue());
    }
    try {
      return JSON.writeValueAsString(shown);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A date from CDM text: yyyy-MM-dd, optionally followed by a time; null when not a date. */
  static LocalDate date(String text) {
    if (text == null || text.length() < 10) {
      return null;
    }
    try {
      return LocalDate.parse(text.substring(0, 10));
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  static Double parse(String text) {
    if (text == null) {
      return null;
    }
    try {
      double v = Double.parseDouble(text);
      return Double.isFinite(v) ? v : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** Shortest plain decimal text of {@code v} ("45.3", "12"). */
  static String plain(Double v) {
    if (v == null) {
      return "";
    }
    return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
  }
}
