package dev.ratewise.tuning.forecast;

/**
 * Forecasts whether the demand on one adaptive rule will surge within a fixed horizon.
 *
 * <p>Implementations are stateless: each call works on the given window only, never reads the
 * clock, and never throws on short, empty or all-zero windows.
 */
public interface SurgeForecast {

  /** Forecasts the demand at the horizon and classifies the expected change. */
  Forecast forecast(DemandWindow window);
}
