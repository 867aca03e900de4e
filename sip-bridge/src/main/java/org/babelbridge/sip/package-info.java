/** The built-in SIP front: registrar with digest authentication, calls, SDP, PSTN trunks. */
package org.babelbridge.sip;
