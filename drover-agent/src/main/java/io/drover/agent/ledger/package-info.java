/**
 * The device's side of the server's accountability ledger: it keeps the latest signed tree head it saw and checks that
 * every later one extends it, so that a server showing different devices different histories is caught, and refuses
 * updates while it stands caught.
 */
package io.drover.agent.ledger;
