package io.drover.server.coap;

import io.drover.coap.Block2Reply;
import io.drover.server.device.DeviceApi;
import io.drover.server.fleet.FleetService;
import java.util.concurrent.Executor;

/**
 * What every device resource shares: the device API, the fleet (to authenticate a session's device), the CBOR codec,
 * the block-wise replies, and the executor that runs handlers, which read the database, off Californium's few
 * protocol threads.
 */
record DeviceContext(DeviceApi api, FleetService fleet, CborCodec cbor, Block2Reply blocks, Executor executor) {}
