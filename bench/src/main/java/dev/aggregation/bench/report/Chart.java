package dev.aggregation.bench.report;

import java.io.File;
import java.io.IOException;
import java.util.List;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainCategoryPlot;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.data.category.DefaultCategoryDataset;

/** The PNG in docs/benchmarks.md: requests per second (top) and p99 latency (bottom) per scenario, server and ceiling. */
public final class Chart {
  /** One scenario's bars. */
  public record Bar(String scenario, double serverRps, double ceilingRps, double serverP99, double ceilingP99) {}

  private Chart() {}

  public static void write(List<Bar> bars, String title, File png) throws IOException {
    DefaultCategoryDataset rps = new DefaultCategoryDataset();
    DefaultCategoryDataset p99 = new DefaultCategoryDataset();
    for (Bar bar : bars) {
      rps.addValue(bar.serverRps(), "apiserver", bar.scenario());
      rps.addValue(bar.ceilingRps(), "ceiling", bar.scenario());
      p99.addValue(bar.serverP99(), "apiserver", bar.scenario());
      p99.addValue(bar.ceilingP99(), "ceiling", bar.scenario());
    }
    CombinedDomainCategoryPlot plot = new CombinedDomainCategoryPlot(new CategoryAxis("scenario"));
    plot.add(new CategoryPlot(rps, null, new NumberAxis("requests/s"), new BarRenderer()), 1);
    plot.add(new CategoryPlot(p99, null, new NumberAxis("p99 latency (ms)"), new BarRenderer()), 1);
    JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
    ChartUtils.saveChartAsPNG(png, chart, 1000, 700);
  }
}
