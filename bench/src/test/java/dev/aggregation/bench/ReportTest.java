package dev.aggregation.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aggregation.bench.load.Etcd;
import dev.aggregation.bench.load.Wrk;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class ReportTest {
  /** A wrk run of 10,000 requests at the given rate, wrk spending {@code wrkMicros} per request. */
  private static Wrk.Result run(double perSecond, OptionalDouble wrkMicros, Map<String, Double> watched) {
    return new Wrk.Result(perSecond, 1, 5, 10_000, 0, "", wrkMicros, watched);
  }

  @Test
  void goalMissedWhileItsCeilingMeetsItIsOursToFix() {
    assertThat(Report.verdict(false, true)).isEqualTo("**not met**");
  }

  @Test
  void goalMissedByItsCeilingTooIsTheMachinesLimit() {
    assertThat(Report.verdict(false, false)).isEqualTo("**not met**; the ceiling also misses it: machine limit");
  }

  @Test
  void goalMetIsMetWhateverTheCeiling() {
    assertThat(Report.verdict(true, false)).isEqualTo("met");
  }

  @Test
  void loadRowKeepsItsRatesBesideACpuRowOfApiserverCeilingAndWrk() throws Exception {
    Report report = new Report(2);
    // apiserver 80 + wrk 20 = 100 µs: 20,000/s on 2 cores; ceiling 15 + wrk 25 = 40 µs: 50,000/s; predicted 0.40
    report.load("GET one object", run(12_000, OptionalDouble.of(20), Map.of(Report.APISERVER, 80.0)),
        run(40_000, OptionalDouble.of(25), Map.of(Report.CEILING, 15.0)));

    String rendered = report.render();

    assertThat(rendered).contains("| GET one object | 12000 | 40000 | 0.30 | 1.00 / 5.00 | 1.00 / 5.00 | 0 |")
        .contains("| GET one object | 80.0 | 15.0 | 5.33 | 20.0 / 25.0 | 20000 / 50000 | 0.40 | 0.30 |");
  }

  @Test
  void cpuRowShowsADashWhereWrksCpuCouldNotBeToldApart() throws Exception {
    Report report = new Report(2);
    report.load("GET one object", run(12_000, OptionalDouble.empty(), Map.of(Report.APISERVER, 80.0)),
        run(40_000, OptionalDouble.of(25), Map.of(Report.CEILING, 15.0)));

    assertThat(report.render()).contains("| GET one object | 80.0 | 15.0 | 5.33 | – / 25.0 | – / 50000 | – | 0.30 |");
  }

  @Test
  void methodStatesTheCpuModelForTheMachinesCores() throws Exception {
    assertThat(new Report(2).render()).contains("requests per second ≈ 2 s of CPU per second ÷ (the server's + wrk's CPU per\n  request, + etcd's on etcd)");
  }

  @Test
  void etcdCpuTableShowsEveryProcessOnTheCreatePathAndOfTheRawTransactions() throws Exception {
    Report report = new Report(2);
    report.etcd(run(1_000, OptionalDouble.of(30), Map.of(Report.APISERVER, 400.0, Report.ETCD, 170.0)),
        run(2_500, OptionalDouble.of(30), Map.of(Report.CEILING, 100.0, Report.ETCD, 170.0)),
        new Etcd.Raw(5_000, 50_000, Map.of(Report.ETCD, 150.0, Report.JETCD_CLIENT, 50.0)), 6_000, 680);

    String rendered = report.render();

    assertThat(rendered).contains("| apiserver on etcd, per create (client: wrk) | 400 | 170 | 30.0 | 600 | 3333 | 1000 |")
        .contains("| proxy ceiling, per create (client: wrk) | 100 | 170 | 30.0 | 300 | 6667 | 2500 |")
        .contains("| raw jetcd create transactions, per transaction (client: the bench JVM, jetcd) | – | 150 | 50.0 | 200 | 10000 | 5000 |");
  }
}
