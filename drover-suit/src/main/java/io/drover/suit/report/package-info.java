/** SUIT reports (draft-ietf-suit-report-18): the record of what a processor ran, signed by the device. */
package io.drover.suit.report;
