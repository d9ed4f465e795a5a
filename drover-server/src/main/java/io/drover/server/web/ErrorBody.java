package io.drover.server.web;

/** The JSON body of every error answer: a stable code for programs and a message for people. */
public record ErrorBody(String code, String message) {}
