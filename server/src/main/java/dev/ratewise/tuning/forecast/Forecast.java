package dev.ratewise.tuning.forecast;

/**
 * A rule's demand forecast.
 *
 * @param currentRate recent demand in requests per second
 * @param forecastRate demand expected at the horizon, in requests per second
 * @param surgeClass the class of the forecast demand
 * @param probability the probability, 0 to 1, that the demand is a surge or DDOS
 */
public record Forecast(
    double currentRate, double forecastRate, SurgeClass surgeClass, double probability) {}
