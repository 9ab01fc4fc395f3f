package dev.ratewise.tuning.forecast;

/** Forecasts a rule's demand and classifies it. */
public interface SurgeForecast {
  Forecast forecast(DemandWindow window);
}
